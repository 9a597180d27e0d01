export { buildLocalities, campaignLocalities, LocalitySelectionError, slugify, type Locality } from './localities.js';
export { CONFIDENCE, createLocalityMatcher, haversineKm, type LocalityMatcher } from './matcher.js';

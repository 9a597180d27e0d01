import { classifyRedditError } from '../../src/connectors/reddit/errors.js';
import { normalizeRedditThing } from '../../src/connectors/reddit/normalize.js';
import { redditListingSchema } from '../../src/connectors/reddit/schema.js';
import { contractSuite } from '../helpers/contract.js';

const now = new Date('2026-06-10T12:00:00Z');

contractSuite({
  platform: 'reddit',
  classify: (status, f) => classifyRedditError({ status, headers: new Headers(), text: f.raw }, now, 'search'),
  posts: (f) => redditListingSchema.parse(f.body).data.children.map(normalizeRedditThing),
  hasNextPage: (f) => Boolean(redditListingSchema.parse(f.body).data.after),
  rejects: (f) => !redditListingSchema.safeParse(f.body).success,
});

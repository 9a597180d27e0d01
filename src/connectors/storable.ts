import { sanitizeText } from '../analysis/text.js';
import type { NormalizedPost } from '../domain/types.js';
import { isStorableDate } from './fields.js';
import type { NormalizeResult } from './types.js';

const TEXT_MAX = 20_000;
const NAME_MAX = 200;
/** Ids, handles, URLs, tags, language codes: far longer than any real one, short enough to index. */
const FIELD_MAX = 2_000;

/**
 * The last step of every normalize, whatever the platform: every text field cleaned by
 * sanitizeText (no NUL, no lone surrogate, bounded) and the date within what the database
 * stores. A connector's own schema already checks what it reads; this makes the guarantee hold
 * for the fields it passes through untouched (ids, URLs, handles, tags, language codes).
 */
export function storablePost(post: NormalizedPost): NormalizeResult {
  if (!isStorableDate(post.createdAt)) return { kind: 'invalid', reason: `${post.platform} post: createdAt: expected a date between 1970 and 9999` };
  const field = (value: string) => sanitizeText(value, FIELD_MAX);
  const optional = (value: string | null, max = FIELD_MAX) => (value === null ? null : sanitizeText(value, max));
  const externalId = field(post.externalId);
  const authorId = field(post.authorId);
  if (externalId === '' || authorId === '')
    return { kind: 'invalid', reason: `${post.platform} post: ${externalId === '' ? 'externalId' : 'authorId'}: empty once cleaned` };
  return {
    kind: 'post',
    post: {
      ...post,
      externalId,
      url: optional(post.url),
      authorId,
      authorHandle: field(post.authorHandle),
      authorName: optional(post.authorName, NAME_MAX),
      authorLocation: optional(post.authorLocation, NAME_MAX),
      authorCreatedAt: post.authorCreatedAt && isStorableDate(post.authorCreatedAt) ? post.authorCreatedAt : null,
      text: sanitizeText(post.text, TEXT_MAX),
      lang: optional(post.lang),
      hashtags: post.hashtags.map(field).filter((tag) => tag !== ''),
      placeName: optional(post.placeName, NAME_MAX),
    },
  };
}

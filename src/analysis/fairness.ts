import { hash } from 'node:crypto';
import type { Campaign } from '../config/campaigns.js';
import type { NormalizedPost, UncountedReason } from '../domain/types.js';
import { foldText, unicodeClass } from './text.js';

/**
 * Fairness rules of a challenge. Every post is stored; these decide whether it is *counted* in
 * the scores. They are applied once, at ingest, so standings read counted rollups only:
 * - excluded accounts (e.g. the towns' official accounts), accounts younger than
 *   `minAccountAgeDays` or with fewer than `minFollowers` followers (where the platform says);
 * - near-duplicate texts: the same normalised text is counted once per campaign;
 * - a per-author daily cap, days in the challenge's time zone.
 * A rule changed in the YAML applies to posts ingested from then on.
 */
export { UNCOUNTED_REASONS, type UncountedReason } from '../domain/types.js';

export interface AccountRules {
  excludeAccounts: readonly string[];
  minAccountAgeDays?: number | undefined;
  minFollowers?: number | undefined;
}

/** The stateful rules the ingest transaction applies to new matches. */
export interface CountingRules {
  timeZone: string;
  capPerAuthorPerDay: number | null;
  dedupeTexts: boolean;
}

export const NO_COUNTING_RULES: CountingRules = { timeZone: 'UTC', capPerAuthorPerDay: null, dedupeTexts: false };

export function countingRules(campaign: Campaign): CountingRules {
  const c = campaign.challenge;
  if (!c) return NO_COUNTING_RULES;
  return { timeZone: c.timezone, capPerAuthorPerDay: c.capPerAuthorPerDay ?? null, dedupeTexts: c.dedupeTexts };
}

const accountKey = (value: string) => foldText(value.trim().replace(/^@/, ''));

/** The account rules as a predicate: the reason a post's author is not counted, or null. */
export function createAccountCheck(rules: AccountRules): (post: NormalizedPost) => UncountedReason | null {
  const excluded = new Set(rules.excludeAccounts.map(accountKey));
  const DAY = 86_400_000;
  return (post) => {
    const handle = accountKey(post.authorHandle);
    const local = handle.split('@')[0] ?? handle;
    if (excluded.has(handle) || excluded.has(local) || excluded.has(accountKey(`${post.platform}:${post.authorId}`))) return 'excluded_account';
    if (rules.minAccountAgeDays && post.authorCreatedAt && post.createdAt.getTime() - post.authorCreatedAt.getTime() < rules.minAccountAgeDays * DAY) {
      return 'account_too_new';
    }
    if (rules.minFollowers && post.authorFollowers !== null && post.authorFollowers < rules.minFollowers) return 'too_few_followers';
    return null;
  };
}

/** Texts this short are common phrases ("Che bello!"): they are duplicates only of the same author's. */
export const SHORT_TEXT_WORDS = 4;

/**
 * The near-duplicate key of a post: its text folded (case, accents), without links, @mentions,
 * '#' signs, emoji and punctuation. Equal keys are the same text; short texts are keyed per author.
 */
export function textHash(post: Pick<NormalizedPost, 'text' | 'platform' | 'authorId'>): string {
  // Each pattern runs only when the text has the character it needs: most posts have no link or mention.
  let folded = foldText(post.text);
  if (folded.includes('://')) folded = folded.replace(LINK, ' ');
  if (folded.includes('@')) folded = folded.replace(MENTION, ' ');
  const { text, count } = joinWords(folded);
  const scope = count < SHORT_TEXT_WORDS ? `${post.platform}:${post.authorId}\u0001` : '';
  return hash('sha256', scope + text, 'base64url').slice(0, 22);
}

const LINK = /\bhttps?:\/\/\S+/g;
const MENTION = /@[\p{L}\p{N}_.@-]+/gu;
const wordCharWidth = unicodeClass(/^[\p{L}\p{N}]$/u);

/** The runs of letters and digits (/[\p{L}\p{N}]+/gu) joined by one space, scanned by character code. */
function joinWords(text: string): { text: string; count: number } {
  let out = '';
  let count = 0;
  let start = -1;
  for (let i = 0; i <= text.length; ) {
    const width = wordCharWidth(text, i);
    if (width > 0) {
      if (start < 0) start = i;
      i += width;
      continue;
    }
    if (start >= 0) {
      out = count === 0 ? text.slice(start, i) : `${out} ${text.slice(start, i)}`;
      count += 1;
      start = -1;
    }
    i += 1;
  }
  return { text: out, count };
}

import { localDay } from '../domain/time.js';

export { localDay };

export interface CountingCandidate {
  key: string;
  authorKey: string;
  createdAt: Date;
  textHash: string;
  exclusion: UncountedReason | null;
}

export interface CountingState {
  /** Posts already counted per `authorKey + '\u0001' + day`. */
  countedPerAuthorDay: ReadonlyMap<string, number>;
  /** Text hashes already counted in the campaign. */
  countedTexts: ReadonlySet<string>;
}

export interface CountingDecision {
  counted: boolean;
  reason: UncountedReason | null;
  day: string;
}

export const authorDayKey = (authorKey: string, day: string) => `${authorKey}\u0001${day}`;

/**
 * Pure: which of a page's new posts count, oldest first, given what earlier pages counted.
 * Order of the rules: account rules, then duplicates, then the daily cap (a duplicate does not
 * use up its author's quota). Only counted posts register their text.
 */
export function decideCounting(candidates: readonly CountingCandidate[], state: CountingState, rules: CountingRules): Map<string, CountingDecision> {
  const perAuthorDay = new Map(state.countedPerAuthorDay);
  const texts = new Set(state.countedTexts);
  const decisions = new Map<string, CountingDecision>();
  const ordered = [...candidates].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.key.localeCompare(b.key));
  for (const c of ordered) {
    const day = localDay(c.createdAt, rules.timeZone);
    const adKey = authorDayKey(c.authorKey, day);
    let reason: UncountedReason | null = c.exclusion;
    if (!reason && rules.dedupeTexts && texts.has(c.textHash)) reason = 'duplicate_text';
    if (!reason && rules.capPerAuthorPerDay !== null && (perAuthorDay.get(adKey) ?? 0) >= rules.capPerAuthorPerDay) reason = 'author_daily_cap';
    if (!reason) {
      perAuthorDay.set(adKey, (perAuthorDay.get(adKey) ?? 0) + 1);
      texts.add(c.textHash);
    }
    decisions.set(c.key, { counted: reason === null, reason, day });
  }
  return decisions;
}

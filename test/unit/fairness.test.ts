import { describe, expect, it } from 'vitest';
import { createAccountCheck, decideCounting, localDay, textHash, type CountingCandidate, type CountingRules } from '../../src/analysis/fairness.js';
import { makePost } from '../helpers/factories.js';

const rules: CountingRules = { timeZone: 'Europe/Rome', capPerAuthorPerDay: 2, dedupeTexts: true };
const empty = { countedPerAuthorDay: new Map<string, number>(), countedTexts: new Set<string>() };
let n = 0;
const candidate = (over: Partial<CountingCandidate> = {}): CountingCandidate => ({
  key: `k${++n}`,
  authorKey: 'mastodon:1',
  createdAt: new Date('2026-06-10T10:00:00Z'),
  textHash: `text-${n}`,
  exclusion: null,
  ...over,
});
const counted = (decisions: ReturnType<typeof decideCounting>) => [...decisions.values()].map((d) => d.reason ?? 'counted');

describe('per-author daily cap', () => {
  it('counts an author up to the cap per day, the oldest posts first', () => {
    const posts = [3, 1, 2].map((h) => candidate({ createdAt: new Date(`2026-06-10T0${h}:00:00Z`) }));
    const d = decideCounting(posts, empty, rules);
    expect(d.get(posts[0]!.key)?.reason).toBe('author_daily_cap');
    expect(d.get(posts[1]!.key)?.counted).toBe(true);
    expect(d.get(posts[2]!.key)?.counted).toBe(true);
  });

  it('includes what earlier pages counted, and starts again the next day in the challenge time zone', () => {
    const state = { ...empty, countedPerAuthorDay: new Map([['mastodon:1\u00012026-06-10', 2]]) };
    const sameDay = candidate({ createdAt: new Date('2026-06-10T21:30:00Z') }); // 23:30 in Rome
    const nextDay = candidate({ createdAt: new Date('2026-06-10T22:30:00Z') }); // 00:30 on the 11th in Rome
    const d = decideCounting([sameDay, nextDay], state, rules);
    expect(d.get(sameDay.key)?.reason).toBe('author_daily_cap');
    expect(d.get(nextDay.key)).toMatchObject({ counted: true, day: '2026-06-11' });
  });

  it('does not cap other authors', () => {
    const posts = [1, 2, 3].map((i) => candidate({ authorKey: `mastodon:${i + 10}` }));
    expect(counted(decideCounting(posts, empty, rules))).toEqual(['counted', 'counted', 'counted']);
  });

  it('caps nothing without a cap', () => {
    const posts = [1, 2, 3].map(() => candidate());
    expect(counted(decideCounting(posts, empty, { ...rules, capPerAuthorPerDay: null }))).toEqual(['counted', 'counted', 'counted']);
  });
});

describe('near-duplicate texts', () => {
  it('counts a text once, across authors and pages', () => {
    const a = candidate({ authorKey: 'x:1', textHash: 'same' });
    const b = candidate({ authorKey: 'x:2', textHash: 'same', createdAt: new Date('2026-06-10T11:00:00Z') });
    expect(counted(decideCounting([a, b], empty, rules))).toEqual(['counted', 'duplicate_text']);
    const later = decideCounting([candidate({ textHash: 'seen' })], { ...empty, countedTexts: new Set(['seen']) }, rules);
    expect(counted(later)).toEqual(['duplicate_text']);
  });

  it('lets duplicates count when the rule is off', () => {
    const posts = [candidate({ authorKey: 'x:1', textHash: 'same' }), candidate({ authorKey: 'x:2', textHash: 'same' })];
    expect(counted(decideCounting(posts, empty, { ...rules, dedupeTexts: false }))).toEqual(['counted', 'counted']);
  });

  it('does not spend the daily quota on a duplicate', () => {
    const posts = [
      candidate({ textHash: 'a', createdAt: new Date('2026-06-10T08:00:00Z') }),
      candidate({ textHash: 'a', createdAt: new Date('2026-06-10T09:00:00Z') }),
      candidate({ textHash: 'b', createdAt: new Date('2026-06-10T10:00:00Z') }),
    ];
    expect(counted(decideCounting(posts, empty, rules))).toEqual(['counted', 'duplicate_text', 'counted']);
  });

  it('treats texts differing only in case, accents, links, mentions, emoji and punctuation as the same', () => {
    const base = { platform: 'mastodon' as const, authorId: '1' };
    const h = textHash({ ...base, text: 'Che meraviglia Camogli oggi, il mare è bellissimo! #orgoglioliguria' });
    expect(
      textHash({ platform: 'mastodon', authorId: '2', text: 'che MERAVIGLIA camogli oggi il mare e bellissimo 😍 orgoglioliguria https://t.co/x @pippo' }),
    ).toBe(h);
    expect(textHash({ ...base, text: 'Che meraviglia Camogli ieri, il mare è bellissimo! #orgoglioliguria' })).not.toBe(h);
  });

  it('keys short texts per author, so two people may both say "Bellissima Genova"', () => {
    const text = 'Bellissima Genova #orgoglioliguria';
    expect(textHash({ platform: 'mastodon', authorId: '1', text })).not.toBe(textHash({ platform: 'mastodon', authorId: '2', text }));
    expect(textHash({ platform: 'mastodon', authorId: '1', text })).toBe(textHash({ platform: 'mastodon', authorId: '1', text: `${text}!` }));
  });
});

describe('account rules', () => {
  const check = createAccountCheck({ excludeAccounts: ['@ComuneGenova', 'turismo@mastodon.uno', 'mastodon:42'], minAccountAgeDays: 30, minFollowers: 5 });
  const at = new Date('2026-06-10T10:00:00Z');

  it('excludes listed accounts by handle (any instance, or one), or by platform id', () => {
    expect(check(makePost({ authorHandle: 'comunegenova@social.example', createdAt: at }))).toBe('excluded_account');
    expect(check(makePost({ authorHandle: 'turismo@mastodon.uno', createdAt: at }))).toBe('excluded_account');
    expect(check(makePost({ authorHandle: 'turismo@other.example', createdAt: at }))).toBeNull();
    expect(check(makePost({ authorId: '42', createdAt: at }))).toBe('excluded_account');
  });

  it('rules out accounts younger than the minimum age or with too few followers, when known', () => {
    expect(check(makePost({ authorCreatedAt: new Date('2026-06-01T00:00:00Z'), createdAt: at }))).toBe('account_too_new');
    expect(check(makePost({ authorCreatedAt: new Date('2026-01-01T00:00:00Z'), createdAt: at }))).toBeNull();
    expect(check(makePost({ authorFollowers: 2, createdAt: at }))).toBe('too_few_followers');
    expect(check(makePost({ authorFollowers: null, authorCreatedAt: null, createdAt: at }))).toBeNull();
  });

  it('passes the ruled-out reason through the decision before any other rule', () => {
    const d = decideCounting([candidate({ exclusion: 'excluded_account' })], empty, rules);
    expect(counted(d)).toEqual(['excluded_account']);
  });
});

describe('localDay', () => {
  it('gives the calendar day in the time zone', () => {
    expect(localDay(new Date('2026-06-10T22:30:00Z'), 'Europe/Rome')).toBe('2026-06-11');
    expect(localDay(new Date('2026-06-10T22:30:00Z'), 'UTC')).toBe('2026-06-10');
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePost, prepareCampaign } from '../../src/analysis/analyze.js';
import { normalizeMastodonStatus } from '../../src/connectors/mastodon/normalize.js';
import { queryRows } from '../../src/db/client.js';
import { ingestPage } from '../../src/db/ingest.js';
import type { Match, NormalizedPost } from '../../src/domain/types.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, LIGURIA_YAML } from '../helpers/factories.js';
import { mastodonStatus } from '../helpers/mastodon.js';

const HOSTILE: Record<string, string> = {
  script: '<script>alert(1)</script> Camogli',
  slack: '<!channel> <!here> <@U024BE7LH> <https://evil.example|https://camogli.it> Camogli',
  zeroWidthAndRtl: 'Cam\u200Bogli \u202Eilgomac\u202C \u2066isolated\u2069 Camogli',
  huge: `Camogli ${'mare '.repeat(20_000)}`,
  loneSurrogates: 'Camogli \uD800 broken \uDC00 pair',
  nul: 'Camo\u0000gli \u0000 nul bytes',
  emojiOnly: '🌊🌊🌊',
  empty: '',
};

const campaign = prepareCampaign(campaignFromYaml(LIGURIA_YAML));

describe.each(BACKENDS)('a hostile corpus on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('stores every hostile post, cleaned, without failing the page', async () => {
    const posts: NormalizedPost[] = Object.entries(HOSTILE).map(([name, text], i) => {
      const status = mastodonStatus(String(110_000_000_000_000_000n + BigInt(i)), {
        uri: `https://mastodon.test/users/anna/statuses/${name}`,
        content: `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')} #orgoglioliguria</p>`,
        account: { ...mastodonStatus('1').account, display_name: `\u202E${text.slice(0, 50)}` },
      });
      const result = normalizeMastodonStatus(status);
      if (result.kind !== 'post') throw new Error(`${name}: ${JSON.stringify(result)}`);
      return result.post;
    });
    const matches = posts.map((p) => analyzePost(p, campaign)).filter((m): m is Match => m !== null);
    const result = await ingestPage(database.db, { sourceKey: 'hostile', platform: 'mastodon', posts, matches, quarantined: [], cursor: '1' });
    expect(result.inserted).toBe(Object.keys(HOSTILE).length);

    const rows = await queryRows<{ external_id: string; text: string; author_name: string | null }>(
      database.db,
      sql`select external_id, text, author_name from posts`,
    );
    const byName = Object.fromEntries(rows.map((r) => [r.external_id.split('/').pop(), r]));
    for (const row of rows) {
      expect(row.text).not.toMatch(/[\u0000\u200B\u202A-\u202E\u2066-\u2069]/);
      expect(row.text.isWellFormed()).toBe(true);
      expect(row.author_name ?? '').not.toMatch(/[\u202A-\u202E]/);
    }
    // Text is kept as text: markup and Slack sequences are stored literally, escaped where rendered.
    expect(byName.script?.text).toContain('<script>alert(1)</script>');
    expect(byName.slack?.text).toContain('<!channel>');
    expect(byName.zeroWidthAndRtl?.text).toContain('Camogli');
    expect(byName.nul?.text).toContain('Camogli');
    expect(byName.huge?.text.length).toBeLessThanOrEqual(20_000);
    // Attribution still works on cleaned text: the zero-width space no longer hides the name.
    const attributed = await queryRows<{ external_id: string; locality_id: string }>(
      database.db,
      sql`select external_id, locality_id from post_matches where locality_id <> ''`,
    );
    expect(attributed.map((r) => r.external_id.split('/').pop()).sort()).toEqual(expect.arrayContaining(['nul', 'script', 'zeroWidthAndRtl']));
  });
});

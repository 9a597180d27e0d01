import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import { captureOutput } from '../helpers/capture-output.js';

afterEach(() => vi.restoreAllMocks());

describe('campanile validate', () => {
  it('accepts the shipped example and demo configs', async () => {
    const io = captureOutput();
    const code = await main(['validate', 'config/campaigns.example.yaml']);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toContain('config/campaigns.example.yaml: ok (1 campaign, 2 sources)');
  });

  it('exits 1 and prints every error as file:line:column with its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'campanile-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      'campaigns:\n  - id: Bad Id\n    hashtags: []\n    sources:\n      - { platform: mastodon, instance: "https://m.test", schedule: "every day" }\n',
    );
    const io = captureOutput();
    const code = await main(['validate', file]);
    expect(code).toBe(1);
    const lines = io.err().trim().split('\n');
    expect(lines).toEqual([
      `${file}:2:9: campaigns.0.id: expected a lowercase id: letters, digits, - and _`,
      `${file}:3:15: campaigns.0.hashtags: a campaign needs at least one hashtag`,
      `${file}:5:69: campaigns.0.sources.0.schedule: expected a cron expression such as "*/5 * * * *"`,
    ]);
  });

  it('names the key and the town a misspelling meant', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'campanile-'));
    const file = join(dir, 'typos.yaml');
    await writeFile(
      file,
      [
        'campaigns:',
        '  - id: liguria',
        '    hashtags: ["#orgoglioliguria"]',
        '    sources:',
        '      - { platform: bluesky, identifier: me.bsky.social, appPasword: secret-app-pw, schedule: "* * * * *" }',
        '      - { platform: mastodon, instance: "https://m.test", schedule: "* * * * *", acessToken: t }',
        '    localities: { gazetteer: it, regoin: Liguria, include: [Camogly, Genova] }',
        '',
      ].join('\n'),
    );
    const io = captureOutput();
    expect(await main(['validate', file])).toBe(1);
    expect(io.err()).toContain('campaigns.0.sources.0: Unrecognized key: "appPasword" (did you mean "appPassword"?)');
    expect(io.err()).toContain('campaigns.0.sources.1: Unrecognized key: "acessToken" (did you mean "accessToken"?)');
    expect(io.err()).toContain('campaigns.0.localities: Unrecognized key: "regoin" (did you mean "region"?)');
    expect(io.err()).toContain('not found in the selection: Camogly (did you mean "Camogli"?)');
  });

  it('says which file is missing', async () => {
    const io = captureOutput();
    expect(await main(['validate', 'config/nope.yaml'])).toBe(1);
    expect(io.err()).toContain('config/nope.yaml:0:0: (root): file not found');
  });

  it('rejects unknown flags with usage help and exit code 2', async () => {
    const io = captureOutput();
    expect(await main(['poll', '--onse'])).toBe(2);
    expect(io.err()).toMatch(/Unknown option '--onse'[\s\S]*campanile --help/);
  });
});

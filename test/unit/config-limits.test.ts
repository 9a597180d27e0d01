import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfigText, type ConfigProblem } from '../../src/config/load.js';

function problemsOf(load: () => unknown): ConfigProblem[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

const source = (extra = '') => `{ platform: mastodon, instance: "https://mastodon.uno", schedule: "*/5 * * * *"${extra} }`;

describe('configuration limits', () => {
  it('refuses a YAML alias bomb with file:line and a clear message, not a stack trace', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    'bcdefghi'.split('').forEach((name, i) => levels.push(`${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`));
    const problems = problemsOf(() => parseConfigText(`${levels.join('\n')}\ncampaigns: []\n`, 'bomb.yaml', {}));
    expect(problems).toEqual([expect.objectContaining({ file: 'bomb.yaml', line: 2, message: expect.stringMatching(/alias/) })]);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'campanile-config-'));
    const file = join(dir, 'huge.yaml');
    await writeFile(file, `# padding\n`.repeat(300_000));
    const error = await loadConfigFile(file, {}).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/huge\.yaml.*2\.9 MB: a campaign file is at most 2 MB/);
  });

  it('rejects two sources of a campaign that would share one cursor', () => {
    const yaml = `campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources:
      - ${source(', id: main')}
      - ${source(', id: main')}
      - ${source()}
      - ${source()}
`;
    const problems = problemsOf(() => parseConfigText(yaml, 'campaigns.yaml', {}));
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [6, 'campaigns.0.sources.1.id'],
      [8, 'campaigns.0.sources.3'],
    ]);
    expect(problems[0]?.message).toMatch(/"orgoglioliguria\/main" is also campaigns\.0\.sources\.0: they would share one cursor/);
  });

  it('rejects two campaigns whose challenges share an id (one snapshot would overwrite the other)', () => {
    const campaign = (id: string, challengeId: string) => `  - id: ${id}
    hashtags: ["#${id}"]
    sources: [${source()}]
    challenge: { id: ${challengeId}, start: "2026-06-01", end: "2026-06-30" }
`;
    const problems = problemsOf(() => parseConfigText(`campaigns:\n${campaign('uno', 'estate')}${campaign('due', 'estate')}`, 'campaigns.yaml', {}));
    expect(problems).toEqual([
      expect.objectContaining({ path: 'campaigns.1.challenge.id', message: expect.stringMatching(/challenge id "estate" is also campaigns\.0's challenge/) }),
    ]);
  });

  it('says in one line, without a stack trace, that the database cannot be reached', async () => {
    const child = spawn(process.execPath, ['--liftoff-only', '--import', 'tsx', 'src/main.ts', 'migrate'], {
      env: { PATH: process.env.PATH, DATABASE_URL: 'postgres://campanile@127.0.0.1:1/campanile', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^campanile: cannot use the database: connect ECONNREFUSED 127\.0\.0\.1:1; check DATABASE_URL/),
    ]);
  }, 60_000);
});

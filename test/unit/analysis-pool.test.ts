import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzePost, prepareCampaign } from '../../src/analysis/analyze.js';
import { createAnalysisPool } from '../../src/analysis/pool.js';
import { campaignFromYaml, LIGURIA_YAML, makePost } from '../helpers/factories.js';

const campaign = campaignFromYaml(LIGURIA_YAML);

describe('analysis pool', () => {
  const pool = createAnalysisPool(2);
  afterAll(() => pool.close());

  it('gives the same matches as analyzePost on this thread, dates included, in order', async () => {
    const posts = [
      makePost({ text: 'Tramonto a Camogli #orgoglioliguria', hashtags: ['orgoglioliguria'], createdAt: new Date('2026-06-10T20:15:00Z') }),
      makePost({ text: 'Niente a che vedere', hashtags: ['altro'] }),
      makePost({ text: 'Che schifo il traffico a Genova #orgoglioliguria #genova', hashtags: ['orgoglioliguria', 'genova'] }),
    ];
    const analyzer = prepareCampaign(campaign);
    const [onPool, again] = await Promise.all([pool.analyze(campaign, posts), pool.analyze(campaign, posts)]);
    const here = posts.map((p) => analyzePost(p, analyzer));
    expect(onPool).toEqual(here);
    expect(again).toEqual(here);
    expect(onPool[1]).toBeNull();
    expect(onPool[0]?.createdAt).toBeInstanceOf(Date);
  });

  it('refuses work once closed', async () => {
    const closed = createAnalysisPool(1);
    await closed.close();
    await expect(closed.analyze(campaign, [makePost()])).rejects.toThrow(/closed/);
  });
});

describe('a process with an analysis pool', () => {
  const run = (mode: 'idle' | 'signal', signal?: NodeJS.Signals) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/pool-process.ts', mode], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (signal && out.includes('analysed')) child.kill(signal);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.on('error', reject);
      child.on('close', (code, sig) => resolve({ code, signal: sig, out }));
    });

  it('exits by itself when its work is done, without closing the pool: threads do not hold it', async () => {
    const result = await run('idle');
    expect(result.out).toContain('analysed 1');
    expect(result.code).toBe(0);
  }, 120_000);

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'ends on %s while its threads are up',
    async (signal) => {
      const result = await run('signal', signal);
      expect(result.out).toContain('analysed 1');
      expect(result.signal).toBe(signal);
    },
    120_000,
  );
});

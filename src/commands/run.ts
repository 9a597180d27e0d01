import { loadEnv } from '../config/env.js';
import { runWorker } from '../worker.js';
import { openContext, parse } from './context.js';

export async function run(args: string[]): Promise<number> {
  const { values } = parse(args, {});
  const env = loadEnv();
  const ctx = await openContext(env, values.config, 'run');
  try {
    await runWorker(ctx, env, ctx.lock);
  } finally {
    await ctx.close();
  }
  ctx.log.info('stopped');
  ctx.log.flush();
  return 0;
}

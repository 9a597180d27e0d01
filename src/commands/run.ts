import { loadEnv } from '../config/env.js';
import { openContext, parse } from './context.js';

export async function run(args: string[]): Promise<number> {
  const { values } = parse(args, {});
  const env = loadEnv();
  // The worker's modules load while the database starts.
  const [opened, worker] = await Promise.allSettled([openContext(env, values.config, 'run'), import('../worker.js')]);
  if (opened.status === 'rejected') throw opened.reason;
  const ctx = opened.value;
  try {
    if (worker.status === 'rejected') throw worker.reason;
    const { runWorker } = worker.value;
    await runWorker(ctx, env, ctx.lock);
  } finally {
    await ctx.close();
  }
  ctx.log.info('stopped');
  ctx.log.flush();
  return 0;
}

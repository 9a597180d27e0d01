import { loadEnv } from '../config/env.js';
import { openContext, parse } from './context.js';

export async function migrate(args: string[]): Promise<number> {
  const { values } = parse(args, {});
  const ctx = await openContext(loadEnv(), values.config, 'migrate');
  ctx.log.info('migrations applied');
  await ctx.close();
  return 0;
}

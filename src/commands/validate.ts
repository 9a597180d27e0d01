import { ConfigError, loadConfigFile } from '../config/load.js';
import { parse } from './context.js';
import { UsageError } from './errors.js';

export async function validate(args: string[]): Promise<number> {
  const { positionals } = parse(args, {}, true);
  if (positionals.length === 0) throw new UsageError('validate needs at least one FILE');
  let failed = 0;
  for (const file of positionals) {
    try {
      const loaded = await loadConfigFile(file);
      const campaigns = loaded.config.campaigns;
      process.stdout.write(
        `${file}: ok (${campaigns.length} campaign${campaigns.length === 1 ? '' : 's'}, ${campaigns.reduce((n, c) => n + c.sources.length, 0)} sources)\n`,
      );
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      process.stderr.write(`${err.message}\n`);
      failed += 1;
    }
  }
  return failed > 0 ? 1 : 0;
}

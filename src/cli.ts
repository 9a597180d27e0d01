import { CommandError, UsageError } from './commands/errors.js';

const USAGE = `campanile — campaign and hashtag monitoring worker

Usage: campanile <command> [options]

Commands:
  run                     migrate, schedule every poll and snapshot, serve HTTP, run until SIGINT/SIGTERM
  poll --once             poll every source once (or --source KEY), then publish snapshots
  snapshot                publish every challenge's leaderboard now (or --challenge ID)
  validate FILE...        check campaign files; exit 1 with every error as file:line:column
  status                  each source's health: last success, last error, failures, budget
  migrate                 apply the SQL migrations and exit
  relabel --campaign ID --post LINK|PLATFORM:ID --label positive|neutral|negative [--note TEXT]
                          set a post's sentiment by hand (LINK: as the leaderboard page shows it)
  demo [--serve]          the whole product offline against a local simulated platform
                          (--serve: then keep its leaderboard page open on localhost)

Options:
  -c, --config FILE       campaign file (default: $CAMPANILE_CONFIG or config/campaigns.example.yaml)
  -h, --help              this text

Environment: DATABASE_URL (Postgres server; default: embedded PGlite under $CAMPANILE_DATA_DIR, ./data),
CAMPANILE_OUT_DIR (snapshots, ./out), CAMPANILE_HTTP_PORT (run: /healthz, /readyz, /metrics, the JSON API and
the leaderboard page at /challenges/ID; 8080), LOG_LEVEL (info), LOG_FORMAT (pretty on a terminal, json otherwise).

While "run" serves the embedded database, "relabel", "status" and "snapshot" go through it;
other commands on the same data dir stop and say which process holds it.`;

/** Each command's module, loaded only when that command runs: `--help` and `status` stay fast. */
const COMMANDS: Record<string, () => Promise<(args: string[]) => Promise<number>>> = {
  validate: async () => (await import('./commands/validate.js')).validate,
  run: async () => (await import('./commands/run.js')).run,
  poll: async () => (await import('./commands/poll.js')).pollOnce,
  snapshot: async () => (await import('./commands/snapshot.js')).snapshot,
  status: async () => (await import('./commands/status.js')).status,
  migrate: async () => (await import('./commands/migrate.js')).migrate,
  relabel: async () => (await import('./commands/relabel.js')).relabel,
  demo: async () => (await import('./demo.js')).runDemo,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  try {
    const load = COMMANDS[command];
    if (!load) throw new UsageError(`unknown command "${command}"`);
    return await (await load())(rest);
  } catch (err) {
    // Loaded here: they were loaded already if one of them was thrown.
    const [{ ConfigError }, { EnvError }] = await Promise.all([import('./config/errors.js'), import('./config/env.js')]);
    if (err instanceof ConfigError || err instanceof EnvError || err instanceof CommandError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`campanile: ${(err as Error).message}\nRun "campanile --help" for usage.\n`);
      return 2;
    }
    throw err;
  }
}

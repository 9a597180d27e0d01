const t0 = performance.now();
const mark = (what: string) => console.log(what, Math.round(performance.now() - t0), 'ms', Math.round(process.memoryUsage().rss / 1e6), 'MB heap', Math.round(process.memoryUsage().heapUsed / 1e6), 'ab', Math.round(process.memoryUsage().arrayBuffers / 1e6));
const { openDatabase } = await import('../src/db/client.ts'); mark('imp db');
const db = await openDatabase({ dataDir: './data' }); mark('open');
await db.migrate(); mark('migrate');

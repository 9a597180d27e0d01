import * as esbuild from 'esbuild';
const r = await esbuild.build({ entryPoints: ['src/main.ts'], bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node24', outdir: '/tmp/h18/meta', external: ['@electric-sql/pglite', 'pino', 'pino-pretty'], metafile: true, write: false, chunkNames: '[name]-[hash]', logLevel: 'error' });
const outs = r.metafile.outputs;
const closure = (name, seen = new Set()) => { if (seen.has(name)) return seen; seen.add(name); for (const i of outs[name].imports) if (i.kind === 'import-statement' && outs[i.path]) closure(i.path, seen); return seen; };
const re = new RegExp(process.argv[2]);
const statusOut = Object.keys(outs).find((k) => re.test(k));
const set = closure(statusOut);
const byPkg = new Map();
for (const o of set) for (const [inp, v] of Object.entries(outs[o].inputs)) { const m = inp.match(/node_modules\/((@[^/]+\/)?[^/]+)/); const k = m ? m[1] : inp.split('/').slice(0, 3).join('/'); byPkg.set(k, (byPkg.get(k) ?? 0) + v.bytesInOutput); }
console.log('externals', [...new Set([...set].flatMap((o) => outs[o].imports.filter((i) => i.external).map((i) => i.path)))].join(' '));
console.log([...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${(v / 1024).toFixed(0).padStart(6)}KB ${k}`).join('\n'));

import { readFile, stat } from 'node:fs/promises';
import { isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { collectSecrets } from '../secrets.js';
import type { z } from 'zod';
import { campaignFileSchema, type CampaignFile } from './campaigns.js';
import { didYouMean } from './did-you-mean.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import { knownKeysAt } from './known-keys.js';

export { ConfigError, formatProblem, type ConfigProblem } from './errors.js';

export interface LoadedConfig {
  file: string;
  config: CampaignFile;
  /** Credentials, to redact wherever they could surface: every secret() field's value and every ${ENV} value. */
  secrets: string[];
}

const ABSENT = '\u0000absent\u0000';
const ENV_REF = /\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * A campaign file is hand-written: even with thousands of localities it stays far below this.
 * Parsing YAML takes ~40× the file in memory, so a larger file is refused before it is read.
 */
export const MAX_CONFIG_BYTES = 2 * 1024 * 1024;
/** Alias expansions allowed in one file (yaml's own cap, made explicit): an alias bomb is refused. */
const MAX_ALIAS_COUNT = 100;

export async function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
  let text: string;
  try {
    const { size } = await stat(file);
    if (size > MAX_CONFIG_BYTES) {
      throw new ConfigError([
        {
          file,
          line: 0,
          column: 0,
          path: '',
          message: `file is ${(size / 1024 / 1024).toFixed(1)} MB: a campaign file is at most ${MAX_CONFIG_BYTES / 1024 / 1024} MB`,
        },
      ]);
    }
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(err);
    throw new ConfigError([{ file, line: 0, column: 0, path: '', message: reason }]);
  }
  return parseConfigText(text, file, env);
}

/** YAML → ${ENV} interpolation → zod, reporting every problem at once with file:line:column. */
export function parseConfigText(text: string, file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };

  const problems: ConfigProblem[] = doc.errors.map((e) => ({
    file,
    ...at(e.pos[0]),
    path: '',
    message: `YAML syntax: ${e.message.split('\n')[0]}`,
  }));
  if (problems.length > 0) throw new ConfigError(problems);

  const secrets = interpolateEnv(doc, env, (offset, path, message) => problems.push({ file, ...at(offset), path, message }));

  const data = dropAbsent(toPlainData(doc, file, at));
  const parsed = campaignFileSchema.safeParse(data);
  if (!parsed.success) {
    // A value left empty by an unset variable was already reported as such.
    const unset = new Set(problems.map((p) => p.path));
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      if (unset.has(path.join('.'))) continue;
      problems.push({ file, ...at(offsetOf(doc, path)), path: path.join('.'), message: messageOf(issue, data) });
    }
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new ConfigError(problems);
  }
  const config = (parsed as { data: CampaignFile }).data;
  return { file, config, secrets: [...new Set([...secrets, ...collectSecrets(campaignFileSchema, config)])] };
}

/** The document as plain data; an alias bomb is a problem at its first alias, never a stack trace. */
function toPlainData(doc: Document, file: string, at: (offset: number) => { line: number; column: number }): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (err) {
    if (!(err instanceof ReferenceError) || !/alias/i.test(err.message)) throw err;
    let first = 0;
    visit(doc, {
      Alias(_key, node) {
        first = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    throw new ConfigError([
      {
        file,
        ...at(first),
        path: '',
        message: `YAML aliases expand to too many nodes (an alias bomb?): at most ${MAX_ALIAS_COUNT} alias expansions are allowed`,
      },
    ]);
  }
}

function interpolateEnv(doc: Document, env: NodeJS.ProcessEnv, report: (offset: number, path: string, message: string) => void): string[] {
  const secrets: string[] = [];
  visit(doc, {
    Scalar(_key, node, ancestry) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      const path = pathOf([...ancestry, node]);
      // `key: ${VAR:-}` with VAR unset means the key is not there at all (an absent optional).
      const whole = /^\$\{([A-Z_][A-Z0-9_]*):-\}$/.exec(node.value);
      if (whole && !env[whole[1] as string]) {
        node.value = ABSENT;
        return;
      }
      node.value = node.value.replace(ENV_REF, (_match, name: string, fallback: string | undefined) => {
        const value = env[name];
        if (value !== undefined && value !== '') {
          secrets.push(value);
          return value;
        }
        if (fallback !== undefined) return fallback;
        report(node.range?.[0] ?? 0, path, `environment variable ${name} is not set`);
        return '';
      });
    },
  });
  return secrets.filter((s) => s.length >= 4);
}

/** Start offset of the deepest node that exists along `path` (a missing key points at its parent). */
function offsetOf(doc: Document, path: string[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path.slice(0, depth).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    const node = depth === 0 ? doc.contents : doc.getIn(keys, true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

function pathOf(chain: readonly unknown[]): string {
  const parts: string[] = [];
  chain.forEach((item, i) => {
    if (isPair(item) && isScalar(item.key)) parts.push(String(item.key.value));
    else if (isSeq(item)) {
      const index = item.items.indexOf(chain[i + 1] as never);
      if (index >= 0) parts.push(String(index));
    }
  });
  return parts.join('.');
}

function dropAbsent(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== ABSENT).map(dropAbsent);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== ABSENT)
        .map(([k, v]) => [k, dropAbsent(v)]),
    );
  }
  return value;
}

/** An unknown key's message names the key it probably meant. */
function messageOf(issue: z.core.$ZodIssue, data: unknown): string {
  if (issue.code !== 'unrecognized_keys') return issue.message;
  const known = knownKeysAt(campaignFileSchema, issue.path, data);
  return issue.keys.map((key) => `Unrecognized key: "${key}"${didYouMean(key, known)}`).join('; ');
}

import type { z } from 'zod';

/**
 * Secrets: which configured values are credentials, and how they are kept out of every text that
 * leaves the process (logs, last_error, alerts). A field is marked once, in its zod schema, with
 * `secret()`; collectSecrets finds every marked value of a parsed config, whether it was written
 * literally in the YAML or came from ${ENV}.
 */
const SECRET_SCHEMAS = new WeakSet<z.ZodType>();

/** Marks a schema's values as secrets (tokens, app passwords, webhook URLs that carry a token). */
export function secret<T extends z.ZodType>(schema: T): T {
  SECRET_SCHEMAS.add(schema);
  return schema;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
}

/** Every value of `data` (parsed by `schema`) that sits under a secret() field. */
export function collectSecrets(schema: z.ZodType, data: unknown): string[] {
  const found: string[] = [];
  const walk = (s: z.ZodType, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (SECRET_SCHEMAS.has(s)) {
      if (typeof value === 'string') found.push(value);
      return;
    }
    const def = (s as unknown as { _zod: { def: Def } })._zod.def;
    if (def.shape && typeof value === 'object') for (const [key, field] of Object.entries(def.shape)) walk(field, (value as Record<string, unknown>)[key]);
    else if (def.type === 'array' && def.element && Array.isArray(value)) for (const item of value) walk(def.element, item);
    else if (def.type === 'record' && def.valueType && typeof value === 'object') for (const item of Object.values(value)) walk(def.valueType, item);
    // A union's value matches one option; walking all of them only ever finds more secrets.
    else if (def.options) for (const option of def.options) walk(option, value);
    else if (def.type === 'intersection' && def.left && def.right) {
      walk(def.left, value);
      walk(def.right, value);
    } else if (def.innerType) walk(def.innerType, value);
    else if (def.type === 'pipe' && def.in) walk(def.in, value);
  };
  walk(schema, data);
  return [...new Set(found)];
}

const REDACTED = '[redacted]';
/** A secret shorter than this cannot be told from ordinary text. */
const MIN_SECRET = 4;
/** A cut (a truncated error body, a log line limit) leaves a fragment: this long, it still leaks. */
export const MIN_FRAGMENT = 8;

/** The forms a secret takes in text: as is, JSON-escaped, percent- and form-encoded. */
function formsOf(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
  return [...new Set(forms)];
}

/**
 * The parts of a secret that are matched even when cut: the whole value for a token; for a URL
 * (a webhook), its token-like path segments and query values, never "https://" or a host.
 */
function cuttablePartsOf(secret: string): string[] {
  let url: URL;
  try {
    url = new URL(secret);
  } catch {
    return [secret];
  }
  const parts = [...url.pathname.split('/'), ...url.searchParams.values(), url.password];
  return parts.filter((part) => part.length >= MIN_FRAGMENT && (/\d/.test(part) || part.length >= 20));
}

/** A webhook URL's path is its credential: it is redacted wherever it shows, even after its origin. */
function urlPathOf(secret: string): string[] {
  try {
    const { pathname } = new URL(secret);
    return pathname.length >= MIN_FRAGMENT ? [pathname] : [];
  } catch {
    return [];
  }
}

/**
 * Replaces every secret in `text`: whole, in any of its encodings, and any fragment of at least
 * MIN_FRAGMENT characters left at a cut (a prefix at the end of a truncated text, a suffix at the start).
 */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET) continue;
    const { whole, cuttable } = matchersOf(secret);
    for (const form of whole) if (out.includes(form)) out = out.split(form).join(REDACTED);
    for (const form of cuttable) out = scrubFragments(out, form);
  }
  return out;
}

// Every log line is scrubbed: each secret's forms are worked out once.
const MATCHERS = new Map<string, { whole: string[]; cuttable: string[] }>();

function matchersOf(secret: string) {
  let matchers = MATCHERS.get(secret);
  if (!matchers) {
    matchers = { whole: [...formsOf(secret), ...urlPathOf(secret)], cuttable: cuttablePartsOf(secret).flatMap(formsOf) };
    MATCHERS.set(secret, matchers);
  }
  return matchers;
}

/** Redacts runs of text that are a prefix or a suffix (MIN_FRAGMENT or longer) of `secret`. */
function scrubFragments(text: string, secret: string): string {
  if (secret.length < MIN_FRAGMENT) return text;
  const head = secret.slice(0, MIN_FRAGMENT);
  const tail = secret.slice(-MIN_FRAGMENT);
  if (!text.includes(head) && !text.includes(tail)) return text;
  const spans: Array<[number, number]> = [];
  for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + 1)) {
    let end = at + MIN_FRAGMENT;
    while (end < text.length && end - at < secret.length && text[end] === secret[end - at]) end++;
    spans.push([at, end]);
  }
  for (let at = text.indexOf(tail); at >= 0; at = text.indexOf(tail, at + 1)) {
    let start = at;
    const endOfTail = at + MIN_FRAGMENT;
    while (start > 0 && endOfTail - start < secret.length && text[start - 1] === secret[secret.length - (endOfTail - start) - 1]) start--;
    spans.push([start, endOfTail]);
  }
  spans.sort((a, b) => b[0] - a[0]);
  let out = text;
  let floor = Infinity;
  for (const [start, end] of spans) {
    const cut = Math.min(end, floor);
    if (cut <= start) continue;
    out = `${out.slice(0, start)}${REDACTED}${out.slice(cut)}`;
    floor = start;
  }
  return out;
}

/** A URL as it may be logged: its origin only (a webhook's path and query are its credentials). */
export function urlOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '[unparseable url]';
  }
}

/** Removes credentials from a platform URL before it is logged or stored (user:password, token-like query params). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = 'redacted';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/token|key|secret|password|sig/i.test(key)) parsed.searchParams.set(key, 'redacted');
    }
    return parsed.toString();
  } catch {
    return '[unparseable url]';
  }
}

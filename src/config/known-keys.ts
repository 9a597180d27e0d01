import type { z } from 'zod';

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; options?: z.ZodType[] };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The keys the object schema at `path` accepts, for `data` (a union, such as a source's
 * platforms, picks the options whose literal fields match the data there), or [] when the path
 * leads to no object. Used to suggest the key an "Unrecognized key" meant.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[], data: unknown): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return def.innerType ? knownKeysAt(def.innerType, path, data) : [];
    case 'pipe':
      return def.in ? knownKeysAt(def.in, path, data) : [];
    case 'union': {
      const options = def.options ?? [];
      const fitting = options.filter((o) => literalsMatch(o, data));
      return [...new Set((fitting.length > 0 ? fitting : options).flatMap((o) => knownKeysAt(o, path, data)))];
    }
    case 'array': {
      const [index, ...rest] = path;
      return def.element && typeof index === 'number' ? knownKeysAt(def.element, rest, (data as unknown[] | undefined)?.[index]) : [];
    }
    case 'object': {
      const shape = def.shape ?? {};
      if (path.length === 0) return Object.keys(shape);
      const [key, ...rest] = path;
      const child = shape[String(key)];
      return child ? knownKeysAt(child, rest, (data as Record<string, unknown> | undefined)?.[String(key)]) : [];
    }
    default:
      return [];
  }
}

/** Whether every literal field of an object option (e.g. `platform: "bluesky"`) equals the data's. */
function literalsMatch(option: z.ZodType, data: unknown): boolean {
  let def = defOf(option);
  while (def.innerType || def.in) def = defOf((def.innerType ?? def.in) as z.ZodType);
  if (def.type !== 'object' || typeof data !== 'object' || data === null) return false;
  return Object.entries(def.shape ?? {}).every(([key, field]) => {
    const fieldDef = defOf(field) as Def & { values?: unknown[] };
    return fieldDef.type !== 'literal' || (fieldDef.values ?? []).includes((data as Record<string, unknown>)[key]);
  });
}

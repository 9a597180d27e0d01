/**
 * TikTok ids are 18–19-digit JSON numbers; JSON.parse rounds them to the nearest double
 * (702874395068494965 → 702874395068495000). Before parsing, every integer literal of 16 or more
 * digits outside a string is quoted, so it arrives as an exact string. Strings are matched
 * first and left alone; digits inside a fraction or an exponent are not integer literals.
 */
const STRING_OR_BIG_INT = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

export function parseLosslessJson(text: string): unknown {
  return JSON.parse(text.replace(STRING_OR_BIG_INT, (m) => (m.startsWith('"') ? m : `"${m}"`)));
}

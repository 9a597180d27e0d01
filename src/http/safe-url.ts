/**
 * The one gate for a URL that came from a platform (untrusted) before it is published or rendered:
 * only absolute http(s) URLs without credentials, at most `maxLength` characters, normalized by the
 * WHATWG parser, with the characters that delimit links in Slack mrkdwn and HTML attributes
 * (`|`, `<`, `>`, quotes, backtick, whitespace) percent-encoded. Anything else is `null`:
 * `javascript:`, `data:`, relative paths, unparseable strings.
 */
export function safeHttpUrl(raw: unknown, maxLength = 2000): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > maxLength) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  const href = url.href.replace(/[|<>"'`\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return href.length <= maxLength ? href : null;
}

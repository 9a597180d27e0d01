import { describe, expect, it } from 'vitest';
import { safeHttpUrl } from '../../src/http/safe-url.js';

describe('safeHttpUrl: platform URLs before they are published or rendered', () => {
  it('keeps ordinary post links', () => {
    expect(safeHttpUrl('https://mastodon.social/@camogli/1129')).toBe('https://mastodon.social/@camogli/1129');
    expect(safeHttpUrl('http://example.org/a?b=c#d')).toBe('http://example.org/a?b=c#d');
  });

  it('refuses scripts, data, relative and credentialed URLs', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<b>x</b>',
      '/relative/path',
      'not a url',
      'https://user:pw@example.org/',
      42,
      null,
      '',
    ]) {
      expect(safeHttpUrl(bad)).toBeNull();
    }
  });

  it('encodes the characters that would end a Slack link label or an HTML attribute', () => {
    const url = safeHttpUrl('https://evil.example/x|Official town page>"\'`');
    expect(url).not.toBeNull();
    expect(url).not.toMatch(/[|<>"'`]/);
    expect(url).toContain('%7C');
  });

  it('refuses URLs longer than the bound', () => {
    expect(safeHttpUrl(`https://example.org/${'a'.repeat(3000)}`)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '@/lib/safe-redirect';

describe('safeReturnPath', () => {
  it.each(['/portal', '/review/cases?status=open&page=2', '/portal/organizations/0b6f5f1e-93f4-4a7e-9f41-0d4d7a6f2b11', '/verify/OS-7KQ2-9XF4#history', '/directory?q=toy%20smart', '/'])(
    'keeps the plain path %s',
    (path) => {
      expect(safeReturnPath(path)).toBe(path);
    },
  );

  it.each([
    ['another origin', 'https://evil.example/portal'],
    ['a protocol-relative URL', '//evil.example/portal'],
    ['a backslash that browsers read as a slash', '/\\evil.example'],
    ['a backslash further on', '/portal\\..\\x'],
    ['a NUL', '/portal\u0000'],
    ['CR LF (header injection)', '/portal\r\nSet-Cookie: x=1'],
    ['an encoded CR LF', '/portal%0d%0aSet-Cookie:%20x=1'],
    ['an encoded NUL', '/portal%00'],
    ['a tab', '/por\ttal'],
    ['an encoded tab', '/portal%09'],
    ['an encoded slash that decodes to //', '/%2Fevil.example'],
    ['an encoded backslash', '/%5Cevil.example'],
    ['a space', '/portal x'],
    ['a character beyond ASCII', '/portal/é'],
    ['a broken percent escape', '/portal%E0%A4%A'],
    ['a relative path', 'portal'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['an empty string', ''],
    ['something too long', `/${'a'.repeat(2001)}`],
  ])('refuses %s and gives the fallback', (_what, path) => {
    expect(safeReturnPath(path)).toBe('/portal');
    expect(safeReturnPath(path, '/')).toBe('/');
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, ['/portal'], { path: '/portal' }]) expect(safeReturnPath(value)).toBe('/portal');
  });
});

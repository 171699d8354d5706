import { describe, expect, it } from 'vitest';

import { contentTypeFor } from '../src/mime.ts';
import { targetPath } from '../src/protocol/request-target.ts';
import { encodePath, resolvePath } from '../src/resolve-path.ts';

describe('resolvePath', () => {
  const ok = (raw: string) => {
    const r = resolvePath(raw);
    if (!r.ok) throw new Error(`${raw}: ${r.status} ${r.detail}`);
    return [r.segments.join('/'), r.trailingSlash];
  };
  const status = (raw: string) => {
    const r = resolvePath(raw);
    return r.ok ? 200 : r.status;
  };

  it('decodes once and normalises dot segments inside the root', () => {
    expect(ok('/hello.txt')).toEqual(['hello.txt', false]);
    expect(ok('/hello%20world.txt')).toEqual(['hello world.txt', false]);
    expect(ok('/%68ello.txt')).toEqual(['hello.txt', false]);
    expect(ok('/dir/../hello.txt')).toEqual(['hello.txt', false]);
    expect(ok('/./dir/./')).toEqual(['dir', true]);
    expect(ok('/dir/..')).toEqual(['', true]);
    expect(ok('/')).toEqual(['', true]);
    expect(ok('//etc/passwd')).toEqual(['etc/passwd', false]);
    // Double encoding stays a literal name after one decode.
    expect(ok('/%252e%252e/outside.txt')).toEqual(['%2e%2e/outside.txt', false]);
    // A backslash is an ordinary octet on POSIX.
    expect(ok('/..%5coutside.txt')).toEqual(['..\\outside.txt', false]);
    expect(ok('/..\\outside.txt')).toEqual(['..\\outside.txt', false]);
  });

  it('refuses every way out of the root', () => {
    expect(status('/../outside.txt')).toBe(400);
    expect(status('/dir/../../outside.txt')).toBe(400);
    expect(status('/%2e%2e/outside.txt')).toBe(400);
    expect(status('/.%2e/outside.txt')).toBe(400);
    expect(status('/%2E%2E/%2e%2e/etc/passwd')).toBe(400);
    expect(status('/..%2foutside.txt')).toBe(404);
    expect(status('/%2fetc%2fpasswd')).toBe(404);
    expect(status('/hello.txt%00.png')).toBe(400);
    expect(status('/hello.txt%00')).toBe(400);
    expect(status('/%c0%ae%c0%ae/outside.txt')).toBe(400);
  });

  it('rejects malformed percent-encoding', () => {
    expect(status('/%zz')).toBe(400);
    expect(status('/a%4')).toBe(400);
    expect(status('/a%')).toBe(400);
  });

  it('encodes Location paths without CR, LF or spaces', () => {
    expect(encodePath(['dir'], true)).toBe('/dir/');
    expect(encodePath(['a b', 'x\r\nX-Injected: 1'], true)).toBe('/a%20b/x%0D%0AX-Injected:%201/');
    expect(encodePath(['caf\u00e9'], false)).toBe('/caf%C3%A9');
  });
});

describe('targetPath', () => {
  it('gives the path and query of origin- and absolute-form targets, none for the other forms', () => {
    expect(targetPath('/a?b=1', 'origin', null)).toEqual({ ok: true, rawPath: '/a', query: 'b=1' });
    expect(targetPath('http://127.0.0.1:8080/x', 'absolute', '127.0.0.1:8080')).toEqual({ ok: true, rawPath: '/x', query: '' });
    expect(targetPath('HTTP://h', 'absolute', 'h')).toEqual({ ok: true, rawPath: '/', query: '' });
    expect(targetPath('http://h?q', 'absolute', 'h')).toEqual({ ok: true, rawPath: '/', query: 'q' });
    expect(targetPath('https://h/x', 'absolute', 'h')).toMatchObject({ ok: false, status: 421 });
    expect(targetPath('*', 'asterisk', null)).toBeNull();
    expect(targetPath('127.0.0.1:8080', 'authority', '127.0.0.1:8080')).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it('maps extensions case-insensitively', () => {
    expect(contentTypeFor('/r/hello.txt')).toBe('text/plain; charset=utf-8');
    expect(contentTypeFor('/r/IMG.PNG')).toBe('image/png');
    expect(contentTypeFor('a.JPEG')).toBe('image/jpeg');
    expect(contentTypeFor('a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('a.ico')).toBe('image/x-icon');
    expect(contentTypeFor('a.wasm')).toBe('application/wasm');
    expect(contentTypeFor('a.xyz')).toBe('application/octet-stream');
    expect(contentTypeFor('/r/.hidden')).toBe('application/octet-stream');
    expect(contentTypeFor('/r.d/noext')).toBe('application/octet-stream');
  });
});

import { describe, expect, it } from 'vitest';
import { checkHost } from '../../src/protocol/host.ts';
import { fails, one } from './feed.ts';

const FIELD = { requireHost: false, requirePort: false };

describe('checkHost', () => {
  it('accepts reg-names, IPv4, IP-literals, ports and the empty value', () => {
    for (const value of [
      'example.com',
      'EXAMPLE.com:8080',
      'localhost:',
      '127.0.0.1:80',
      'a,b',
      "sub-delims!$&'()*+;=",
      'pct%41encoded',
      '[::1]',
      '[::1]:8080',
      '[2001:db8::1]',
      '[1:2:3:4:5:6:7:8]',
      '[::ffff:192.0.2.1]',
      '[v1.fe80::a+en1]',
      '',
    ]) {
      expect(checkHost(value, FIELD), value).toBe(-1);
    }
  });

  it('points at the first offending char', () => {
    expect(checkHost('example.com, other.invalid', FIELD)).toBe(12);
    expect(checkHost('user@example.com', FIELD)).toBe(4);
    expect(checkHost('example.com/x', FIELD)).toBe(11);
    expect(checkHost('localhost:8o80', FIELD)).toBe(11);
    expect(checkHost('localhost:-1', FIELD)).toBe(10);
    expect(checkHost('local host', FIELD)).toBe(5);
    expect(checkHost('localhost\x00.evil', FIELD)).toBe(9);
    expect(checkHost('caf\xe9', FIELD)).toBe(3);
    expect(checkHost('bad%4', FIELD)).toBe(3);
    expect(checkHost('[::1', FIELD)).toBe(4);
    expect(checkHost('[::1]x', FIELD)).toBe(5);
  });

  it('validates IPv6 literals', () => {
    for (const bad of ['[1:2:3:4:5:6:7]', '[1:2:3:4:5:6:7:8:9]', '[1::2::3]', '[:::]', '[12345::]', '[::g]', '[::1.2.3]', '[::256.1.1.1]', '[::01.1.1.1]', '[]', '[v1.]', '[vz.a]']) {
      expect(checkHost(bad, FIELD), bad).toBe(1);
    }
  });

  it('requires a host and a port when asked', () => {
    expect(checkHost('', { requireHost: true, requirePort: false })).toBe(0);
    expect(checkHost(':80', { requireHost: true, requirePort: false })).toBe(0);
    expect(checkHost('example.com', { requireHost: true, requirePort: true })).toBe(11);
    expect(checkHost('example.com:', { requireHost: true, requirePort: true })).toBe(12);
    expect(checkHost('example.com:443', { requireHost: true, requirePort: true })).toBe(-1);
  });
});

describe('Host in requests', () => {
  const LINE = 'GET / HTTP/1.1\r\n';

  it('exposes the value, OWS trimmed, as sent', () => {
    expect(one(`${LINE}Host: \t LOCALHOST:8080 \t\r\n\r\n`).head.host).toBe('LOCALHOST:8080');
    expect(one(`${LINE}X-A: 1\r\nHost: [::1]:80\r\n\r\n`).head.host).toBe('[::1]:80');
  });

  it('allows an empty Host (the server may apply its default) and exposes it as ""', () => {
    expect(one(`${LINE}Host:\r\n\r\n`).head.host).toBe('');
  });

  it('requires Host on HTTP/1.1 only', () => {
    fails(`${LINE}\r\n`, 'MISSING_HOST', LINE.length);
    fails(`${LINE}X: 1\r\n\r\n`, 'MISSING_HOST', LINE.length + 6);
    expect(one('GET / HTTP/1.0\r\n\r\n').head.host).toBe('');
    expect(one('GET / HTTP/1.0\r\nHost: a\r\n\r\n').head.host).toBe('a');
  });

  it('refuses more than one Host, identical or not, on any version', () => {
    fails(`${LINE}Host: a\r\nHost: b\r\n\r\n`, 'DUPLICATE_HOST', LINE.length + 15);
    fails(`${LINE}Host: a\r\nhost: a\r\n\r\n`, 'DUPLICATE_HOST', LINE.length + 15);
    fails('GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n', 'DUPLICATE_HOST', 31);
  });

  it('refuses invalid values with the offset of the bad char', () => {
    fails(`${LINE}Host: a, other.invalid\r\n\r\n`, 'INVALID_HOST', LINE.length + 8);
    fails(`${LINE}Host: user@a\r\n\r\n`, 'INVALID_HOST', LINE.length + 10);
    fails(`${LINE}Host: a/x\r\n\r\n`, 'INVALID_HOST', LINE.length + 7);
    fails(`${LINE}Host: localhost:8o80\r\n\r\n`, 'INVALID_HOST', LINE.length + 17);
    fails(`${LINE}Host: local host\r\n\r\n`, 'INVALID_HOST', LINE.length + 11);
  });

  it('still requires and validates Host with an absolute-form target', () => {
    fails('GET http://example.com/ HTTP/1.1\r\n\r\n', 'MISSING_HOST', 34);
    fails('GET http://example.com/ HTTP/1.1\r\nHost: a b\r\n\r\n', 'INVALID_HOST', 41);
    expect(one('GET http://example.com/ HTTP/1.1\r\nHost: other\r\n\r\n').head.host).toBe('example.com');
  });

});

import { describe, expect, it } from 'vitest';
import { caseText } from '../../src/report/case-text.ts';
import { hasWire, sideLabel, wireText } from '../../src/report/wire-text.ts';
import { handBuiltReport, sideConnectionResult } from './sample-reports.ts';

describe('wireText', () => {
  it('shows a case without side connections as before: its events, no labels', () => {
    const evil = handBuiltReport().cases[3]!;
    const text = wireText(evil);
    expect(text.split('\n')).toHaveLength(evil.wire.length);
    expect(text.split('\n')[1]).toBe('    +0.6 ms  pause  300 ms');
    expect(text).not.toContain('connection');
  });

  it('labels a flood with its counts and the connection the server did not take', () => {
    const flood = { name: 'idle', receivedBytes: 2000, wire: [], flood: { count: 1050, opened: 1023, refused: 'connection 1024 of 1050: could not connect: ECONNREFUSED' } };
    expect(sideLabel(flood)).toBe(
      '1050 connections "idle", opened one after another before the case\'s connection and left as their steps left them (1023 opened; connection 1024 of 1050: could not connect: ECONNREFUSED; 2000 bytes received in all; the first one\'s transcript)',
    );
    expect(sideLabel({ ...flood, flood: { count: 3, opened: 3, refused: null } })).toMatch(/^3 connections "idle", .*\(3 opened; 2000 bytes received in all; the first one's transcript\)$/);
  });

  it('shows the side connections first, each labelled, then the case\'s own connection', () => {
    expect(wireText(sideConnectionResult()).split('\n')).toEqual([
      'connection "stalled", opened before the case\'s connection and left as its steps left it (0 bytes received):',
      '    +0.3 ms  write  GET /hello.txt HTTP/1.1\\r\\nHo',
      ' +1004.2 ms  end    open',
      'connection "aborted", opened before the case\'s connection and left as its steps left it (10485805 bytes received):',
      '    +0.2 ms  write  GET /big.bin HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n',
      `    +1.9 ms  read   HTTP/1.1 200 OK\\r\\nContent-Length: 10485760\\r\\n\\r\\n${'x'.repeat(100)}... (65504 more bytes)`,
      '    +2.4 ms  read   (10420156 bytes not shown)',
      '    +2.5 ms  close  reset (RST)',
      '    +2.5 ms  end    open',
      'the case\'s connection:',
      '    +0.4 ms  write  GET /hello.txt HTTP/1.1\\r\\nHost: 127.0.0.1:8080\\r\\n\\r\\n',
      ' +1000.8 ms  end    timeout',
    ]);
  });

  it('shows the side connections of a case whose own connection never opened', () => {
    const r = { ...sideConnectionResult(), status: 'error' as const, wire: [] };
    expect(hasWire(r)).toBe(true);
    expect(hasWire({ wire: [] })).toBe(false);
    expect(wireText(r).split('\n').slice(-2)).toEqual(['the case\'s connection:', '  (not opened)']);
    expect(caseText(r)).toContain('transcript (as-written):\nconnection "stalled"');
  });
});

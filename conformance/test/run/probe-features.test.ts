import { describe, expect, it } from 'vitest';
import { absentFeatures, NO_PERSISTENCE, NO_VALIDATORS } from '../../src/run/probe-features.ts';
import { res } from '../judge/wire-values.ts';

describe('features a target shows it lacks', () => {
  const validated = res('200 OK', [['ETag', '"a"'], ['Last-Modified', 'Sun, 06 Nov 1994 08:49:37 GMT']]);

  it('finds no validators only when both ETag and Last-Modified are missing', () => {
    expect(absentFeatures(res('200 OK'), null)).toEqual({ conditional: NO_VALIDATORS });
    expect(absentFeatures(res('200 OK', [['ETag', '"a"']]), null)).toEqual({});
    expect(absentFeatures(res('200 OK', [['last-modified', 'Sun, 06 Nov 1994 08:49:37 GMT']]), null)).toEqual({});
  });

  it('finds no persistence when a request that did not ask for a close is answered with Connection: close', () => {
    expect(absentFeatures(validated, res('200 OK', [['Connection', 'Close']]))).toEqual({ 'keep-alive': NO_PERSISTENCE, pipelining: NO_PERSISTENCE });
    expect(absentFeatures(validated, res('200 OK', [['Connection', 'keep-alive']]))).toEqual({});
    expect(absentFeatures(validated, res('200 OK'))).toEqual({});
    expect(absentFeatures(validated, null)).toEqual({});
  });
});

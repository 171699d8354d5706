import { describe, expect, it } from 'vitest';
import { absentFeatures, NO_PERSISTENCE, NO_VALIDATORS, PIPELINE_UNANSWERED, pipelineUnanswered } from '../../src/run/probe-features.ts';
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

describe('a server that drops requests pipelined behind another', () => {
  it('is found when the second of two GETs in one write never comes and nothing announced a close', () => {
    expect(pipelineUnanswered({ responses: [res('200 OK')], timedOut: true })).toBe(PIPELINE_UNANSWERED);
    expect(pipelineUnanswered({ responses: [res('200 OK'), res('200 OK')], timedOut: false })).toBeNull();
    expect(pipelineUnanswered({ responses: [res('200 OK', [['Connection', 'close']])], timedOut: true })).toBeNull();
    expect(pipelineUnanswered({ responses: [res('200 OK')], timedOut: false })).toBeNull();
    expect(pipelineUnanswered({ responses: [], timedOut: true })).toBeNull();
  });
});

describe('a server that closes every connection and sends no validators, end to end', () => {
  it('has its keep-alive, pipelining and conditional cases skipped with the reason, the rest run', async () => {
    const { runCli, scratchDir, readReportIn } = await import('../support/cli.ts');
    const path = await import('node:path');
    const out = await scratchDir();
    const server = `python3 ${path.join(import.meta.dirname, '../servers/appends-html.py')} {port} {docroot}`;
    const ids = ['conn-keepalive-after-head', 'pipe-order-three', 'cond-inm-star', 'stat-case-sensitive-exact'];
    const run = await runCli(['--server', server, ...ids.flatMap((id) => ['--id', id]), '--timeout', '1000', '--quiet', '--out', out]);
    expect(run.err).toBe('');
    const byId = new Map((await readReportIn(out)).cases.map((c) => [c.id, c]));
    expect(byId.get('conn-keepalive-after-head')).toMatchObject({ status: 'skip', message: `target does not offer keep-alive: ${NO_PERSISTENCE}` });
    expect(byId.get('pipe-order-three')).toMatchObject({ status: 'skip', message: `target does not offer pipelining: ${NO_PERSISTENCE}` });
    expect(byId.get('cond-inm-star')).toMatchObject({ status: 'skip', message: `target does not offer conditional: ${NO_VALIDATORS}` });
    expect(byId.get('stat-case-sensitive-exact')!.status).toBe('pass');
  }, 20_000);
});

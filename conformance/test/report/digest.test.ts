// The digest against the typical broken student server of issue 12 (one recv(), no Host check,
// no Content-Length on errors, `..` not checked): at most about 25 lines, the leak first, each
// cause with its count, its cases and a rerun line that, pasted, gives the same verdicts.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../src/checkout.ts';
import { parseArgs } from '../../src/cli/parse-args.ts';
import { rerunFlags } from '../../src/cli/rerun-flags.ts';
import { causeOf, groupByCause, SEVERITIES } from '../../src/report/digest.ts';
import { digestLines, skipLine } from '../../src/report/digest-text.ts';
import type { CaseResult } from '../../src/result/types.ts';
import { readReportIn, runCli, scratchDir } from '../support/cli.ts';

const SERVER = `python3 ${path.join(REPO, 'conformance/test/servers/typical-broken.py')} {port} {docroot}`;
// Areas where this server's four mistakes show, and one (methods) where it does fine: a few
// seconds instead of the whole corpus.
const AREAS = ['traversal', 'host', 'pipelining', 'response-framing', 'methods', 'connection'];

/** Splits a printed command line the way sh would, for the quoting shellQuote() produces. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)) words.push(m[1] !== undefined ? m[1].replaceAll(`'\\''`, `'`) : m[2]!);
  return words;
}

describe('the digest for a typical broken student server', () => {
  it('fits one screen, names the leak first and the other causes in severity order, and its rerun lines reproduce', async () => {
    const out = await scratchDir('digest-');
    const run = await runCli(['--server', SERVER, ...AREAS.flatMap((a) => ['--area', a]), '--quiet', '--out', out]);
    expect(run.err).toBe('');
    expect(run.code).toBe(1);
    // --quiet: no line per case, only the summary and the digest (and the files written).
    expect(run.out).not.toMatch(/^(FAIL|WARN|TIME) /m);
    const lines = run.out.trimEnd().split('\n');
    const start = lines.findIndex((l) => l.startsWith('what to fix first:'));
    expect(start).toBeGreaterThan(0);
    const digest = lines.slice(start).filter((l) => !l.startsWith('wrote '));
    expect(digest.length).toBeLessThanOrEqual(25);

    const groups = digest.filter((l) => /^ *\d+\. /.test(l));
    const leak = /^ 1\. LEAK served a file from outside the docroot.*: (\d+) cases \((trav-[^)]*)\)$/.exec(groups[0]!);
    expect(leak).not.toBeNull();
    expect(leak![2]).toContain('trav-dotdot-etc-passwd');
    const severities = groups.map((g) => /^ *\d+\. (\S+)/.exec(g)![1]!);
    const rank = (label: string): number => ['LEAK', 'DESYNC', 'CRASH', 'HANG', 'NOT', 'FAIL', 'WARN'].indexOf(label);
    expect(severities.map(rank)).toEqual([...severities.map(rank)].sort((a, b) => a - b));
    expect(groups.some((g) => /FAIL the Host field is not checked.*: 1[0-9] cases/.test(g))).toBe(true);
    // Closing after the first answer is allowed (RFC 9112 §9.6); not saying so is failed once, in
    // resp-close-is-signaled (grading policy, cases/README.md).
    expect(groups.some((g) => /WARN answers only the first request on a connection/.test(g))).toBe(true);
    expect(groups.some((g) => /FAIL closed the connection without Connection close: 1 case \(resp-close-is-signaled\)/.test(g))).toBe(true);
    expect(groups.some((g) => /error responses have no Content-Length/.test(g))).toBe(true);
    // Every group is followed by its rerun line.
    for (const g of groups) expect(digest[digest.indexOf(g) + 1]).toMatch(/^ +rerun: npm run conformance -- --server /);

    // The leak's rerun line, pasted as printed, gives the same three failures.
    const rerun = digest[digest.indexOf(groups[0]!) + 1]!.replace(/^ +rerun: npm run conformance -- /, '');
    const again = await scratchDir('digest-rerun-');
    const second = await runCli([...shellWords(rerun), '--out', again, '--quiet']);
    const report = await readReportIn(again);
    expect(second.code).toBe(1);
    expect(report.cases).toHaveLength(Number(leak![1]));
    expect(report.cases.every((c) => c.status === 'fail' && c.area === 'traversal')).toBe(true);
    expect(report.cases.map((c) => c.id)).toContain('trav-dotdot-etc-passwd');
  }, 30_000);
});

const result = (over: Partial<CaseResult>): CaseResult => ({
  id: 'x',
  title: 't',
  area: 'content-length',
  level: 'MUST',
  rfc: 'RFC 9112 §6.3',
  quote: 'q',
  status: 'fail',
  message: 'closest allowed outcome "400": expected status 400, got 200',
  expected: ['400'],
  actual: '200 OK',
  matched: null,
  durationMs: 1,
  mode: 'as-written',
  wire: [],
  received: '',
  reproduce: 'npm run conformance -- --target h:1 --timeout 500 --id x',
  ...over,
});

describe('rerun flags', () => {
  it('carry the case files, the time bound, the declared capabilities and the mount prefix', () => {
    const { flags } = parseArgs(['--cases', 'my cases/extra.yaml', '--timeout', '500', '--capabilities', 'echo,keep-alive', '--mount', '/files', '--tag', 'smoke']);
    expect(rerunFlags(flags)).toBe("--cases 'my cases/extra.yaml' --timeout 500 --capabilities echo,keep-alive --mount /files");
    expect(rerunFlags(parseArgs([]).flags)).toBe('');
  });
});

describe('causes', () => {
  it('orders leak, desync, crash, hang, not run, failures, warnings, then by size', () => {
    const cases = [
      result({ id: 'w1', status: 'warn', message: 'allowed but discouraged: closed without Connection close' }),
      result({ id: 'w2', status: 'warn', message: 'allowed but discouraged: closed without Connection close' }),
      result({ id: 'f1' }),
      result({ id: 'h1', status: 'timeout', message: 'no response within 2000 ms' }),
      result({ id: 'c1', message: 'server crashed (exit 1) during this case and was restarted' }),
      result({ id: 'd1', level: 'SHOULD', message: 'desynchronised (request smuggling): the canary got 400' }),
      result({ id: 'l1', area: 'traversal', level: 'security', message: 'known bad behaviour: served /etc/passwd' }),
      result({ id: 'e1', status: 'error', message: 'could not connect: ECONNREFUSED' }),
      result({ id: 'p1', status: 'pass' }),
      result({ id: 's1', status: 'skip', missing: ['echo'] }),
    ];
    const groups = groupByCause(cases);
    expect(groups.map((g) => g.severity)).toEqual(['leak', 'desync', 'crash', 'hang', 'error', 'fail', 'warn']);
    expect(groups.map((g) => g.severity)).toEqual([...SEVERITIES]);
    expect(groups.at(-1)!.cases.map((c) => c.id)).toEqual(['w1', 'w2']);
    expect(causeOf(cases[4]!).severity).toBe('crash');
  });

  it('recognises one recv() per connection, a missing Date and an error with no length across areas', () => {
    const recv = causeOf(result({ area: 'pipelining', message: 'closest allowed outcome "200, then 200": expected 2 responses, got 1 (200 OK)' }));
    const recv2 = causeOf(result({ area: 'connection', message: 'closest allowed outcome "200, then canary 200": expected 3 responses, got 1 (200 OK)' }));
    expect(recv.cause).toBe(recv2.cause);
    expect(recv.cause).toMatch(/one recv\(\) per connection/);
    expect(causeOf(result({ message: 'closest allowed outcome "200 (with date)": header date: expected present, absent' })).cause).toBe('responses have no Date field');
    const noLength = result({ area: 'methods', message: 'closest allowed outcome "404, then closed": unexpected bytes after the responses: "404"', received: 'HTTP/1.1 404 Not Found\\r\\nContent-Type: text/plain\\r\\n\\r\\n404 Not Found\\n' });
    expect(causeOf(noLength).cause).toMatch(/error responses have no Content-Length/);
    // The same message with a Content-Length in the error is another cause.
    expect(causeOf({ ...noLength, received: 'HTTP/1.1 404 Not Found\\r\\nContent-Length: 3\\r\\n\\r\\n404' }).cause).not.toMatch(/Content-Length/);
  });

  it('merges one-case causes of one area, and keeps the digest within its groups', () => {
    const cases = Array.from({ length: 30 }, (_, i) => result({ id: `c${i}`, area: i % 2 ? 'host' : 'request-line', message: `closest allowed outcome "400": problem number ${i}` }));
    const groups = groupByCause(cases);
    // request-line is not host: its fifteen one-case problems merge into one group.
    expect(groups.map((g) => `${g.cause} ${g.cases.length}`).sort()).toEqual([
      'request-line: 15 different problems, one case each 15',
      'the Host field is not checked: requests without Host, with two, or with a malformed one are served 15',
    ]);
    // A cause shared by two cases comes before fifteen one-case problems put together.
    const shared = [result({ id: 's1', area: 'limits', message: 'known bad behaviour: kept reading forever' }), result({ id: 's2', area: 'ranges', message: 'known bad behaviour: kept reading forever' })];
    expect(groupByCause([...cases, ...shared]).map((g) => g.cases.length)).toEqual([15, 2, 15]);
    const many = Array.from({ length: 20 }, (_, i) => result({ id: `m${i}`, area: 'limits', message: `known bad behaviour: mistake ${i % 10}` }));
    const lines = digestLines({ cases: [...many, ...many.map((c) => ({ ...c, area: 'ranges' as const }))] } as never, { maxGroups: 3 });
    expect(lines).toHaveLength(1 + 3 * 2 + 1);
    expect(lines.at(-1)).toMatch(/^ {3}and \d+ more causes/);
  });

  it('rerun lines keep every flag of the case and select the group', () => {
    const lines = digestLines({ cases: [result({ id: 'a', reproduce: 'npm run conformance -- --target h:1 --timeout 500 --id a' }), result({ id: 'b', reproduce: 'npm run conformance -- --target h:1 --timeout 500 --id b' })] } as never);
    expect(lines[2]).toBe('    rerun: npm run conformance -- --target h:1 --timeout 500 --id a --id b');
  });

  it('says why cases were not run once, without "not run" twice', () => {
    const gone = 'not run: the server crashed and could not be started again (spawn ENOENT)';
    const lines = digestLines({ cases: [result({ id: 'a', status: 'error', message: gone }), result({ id: 'b', status: 'error', message: gone })] } as never);
    expect(lines[1]).toBe(' 1. NOT RUN the server crashed and could not be started again (spawn ENOENT): 2 cases (a, b)');
    // A harness error that is not a "not run:" line keeps its own words.
    expect(causeOf(result({ status: 'error', message: 'could not connect: ECONNREFUSED' })).cause).toBe('could not connect: ECONNREFUSED');
  });

  it('says in one line what the skipped cases needed and how to offer it', () => {
    const line = skipLine([result({ status: 'skip', missing: ['echo'] }), result({ status: 'skip', missing: ['ranges'] }), result({ status: 'skip', missing: ['echo'] })]);
    expect(line).toBe('3 skipped (2 need echo, 1 need ranges): echo is the route POST /echo answering 200 with the request body (detected when present); if the server has them: --capabilities ranges');
    // What the probe found missing is said as found, not as a flag to add.
    const probed = skipLine([result({ status: 'skip', missing: ['conditional'], message: 'target does not offer conditional: GET /hello.txt carried neither ETag nor Last-Modified' })]);
    expect(probed).toBe('1 skipped (1 need conditional): conditional: GET /hello.txt carried neither ETag nor Last-Modified');
  });
});

import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { junitReporter, renderJunit } from '../../src/report/junit-reporter.ts';
import { xmlAttr, xmlSafe, xmlText } from '../../src/report/xml.ts';
import { handBuiltReport, reportWithBefore } from './sample-reports.ts';
import { findAll, parseXml } from './xml-check.ts';

describe('junit reporter', () => {
  const report = handBuiltReport();
  const root = parseXml(renderJunit(report));

  it('is well-formed XML with totals on <testsuites>', () => {
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '7', failures: '2', errors: '1', skipped: '1' });
  });

  it('has one <testsuite> per area with its own counts', () => {
    const suites = findAll(root, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['content-length', 'chunked', 'traversal', 'limits']);
    const traversal = suites.find((s) => s.attrs.name === 'traversal')!;
    expect(traversal.attrs).toMatchObject({ tests: '2', failures: '1', errors: '1', skipped: '0' });
    expect(findAll(traversal, 'testcase')).toHaveLength(2);
  });

  it('maps each status to the element CI systems read', () => {
    const byName = new Map(findAll(root, 'testcase').map((t) => [t.attrs.name!.split(':')[0], t]));
    expect(byName.get('cl-pass-a')!.children).toEqual([]);
    expect(byName.get('cl-pass-a')!.attrs.classname).toBe('content-length');
    const warn = byName.get('cl-warn')!;
    expect(warn.children.map((c) => c.name)).toEqual(['system-out']);
    expect(warn.children[0]!.text).toMatch(/^WARNING \(SHOULD, discouraged outcome, counted as passed\)/);
    const fail = findAll(byName.get('cl-fail-evil')!, 'failure')[0]!;
    expect(fail.attrs.type).toBe('security not met');
    expect(fail.attrs.message).toBe('closest allowed outcome "400, then closed": expected status 400, got 200');
    expect(fail.text).toContain('expected one of:\n  - 400, then closed');
    expect(fail.text).toContain('+0.6 ms  pause  300 ms');
    expect(fail.text).toContain('reproduce: npm run conformance');
    expect(fail.text).toContain(`RFC 9112 §6.3: "${report.cases[3]!.quote}"`);
    expect(findAll(byName.get('cl-timeout')!, 'failure')[0]!.attrs.type).toBe('robustness, no answer');
    expect(findAll(byName.get('cl-error')!, 'error')[0]!.attrs.message).toBe('could not connect: ECONNREFUSED');
    expect(findAll(byName.get('cl-skip')!, 'skipped')[0]!.attrs.message).toBe('target does not offer echo');
  });

  it('carries hostile server text through as text: markup escaped, NUL made visible', () => {
    const fail = findAll(root, 'failure')[0]!;
    expect(fail.text).toContain('X-Evil: <script>alert(1)</script>');
    expect(fail.text).toContain('200 <script>alert(1)</script>\\x00 (Content-Length: 5)');
    const testcase = findAll(root, 'testcase').find((t) => t.attrs.name!.startsWith('cl-fail-evil'))!;
    expect(testcase.attrs.name).toBe('cl-fail-evil: Hostile <script>alert("title")</script> & friends');
  });

  it('shows side connections before the case\'s connection in the failure text', () => {
    const withBefore = renderJunit(reportWithBefore());
    const testcase = findAll(parseXml(withBefore), 'testcase').find((t) => t.attrs.name!.startsWith('conn-stalled-sides'))!;
    const text = findAll(testcase, 'failure')[0]!.text;
    expect(text).toContain('transcript (as-written):\nconnection "stalled", opened before the case\'s connection and left as its steps left it (0 bytes received):\n    +0.3 ms  write  GET /hello.txt HTTP/1.1\\r\\nHo\n');
    expect(text.indexOf("the case's connection:\n    +0.4 ms  write  GET /hello.txt")).toBeGreaterThan(text.indexOf('connection "aborted"'));
    expect(renderJunit(report)).not.toContain('opened before');
  });

  it('escapes what XML forbids or would misread', () => {
    expect(xmlSafe('a\x00b\x1bc\ufffed\ud800')).toBe('a\\x00b\\x1bc\\u{fffe}d\\u{d800}');
    expect(xmlText('a < b && c > d ]]>')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt;');
    expect(xmlAttr('say "hi"\nbye')).toBe('say &quot;hi&quot;&#10;bye');
    expect(parseXml(`<a b="${xmlAttr('x\ny\t"<&')}"/>`).attrs.b).toBe('x\ny\t"<&');
  });

  it('the checker itself rejects broken XML', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow(/closes/);
    expect(() => parseXml('<a>x < y</a>')).toThrow();
    expect(() => parseXml('<a>\x00</a>')).toThrow(/not allowed/);
    expect(() => parseXml('<a b=c/>')).toThrow(/not quoted/);
    expect(() => parseXml('<a>&bogus;</a>')).toThrow(/unknown entity/);
  });

  it('writes junit.xml into the output directory', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'junit-'));
    const files = await junitReporter().onEnd(report, dir);
    expect(files).toEqual([path.join(dir, 'junit.xml')]);
    expect(await readFile(files[0]!, 'utf8')).toBe(renderJunit(report));
  });
});

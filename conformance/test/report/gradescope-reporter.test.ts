import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradescopeReporter, gradescopeResults, writeGradescopeNotRun, type GradescopeResults } from '../../src/report/gradescope-reporter.ts';
import { DEFAULT_WEIGHTS, weightsFromEnv } from '../../src/report/gradescope-weights.ts';
import { handBuiltReport } from './sample-reports.ts';

// handBuiltReport: cl-pass-a (MUST, content-length), cl-pass-b (SHOULD, chunked),
// cl-warn (SHOULD, content-length), cl-fail-evil (security, traversal),
// cl-timeout (robustness, limits), cl-skip (MAY, chunked), cl-error (MUST, traversal).
const report = handBuiltReport();
const byName = (r: GradescopeResults, id: string) => r.tests.find((t) => t.name.startsWith(`${id}:`));
const sum = (r: GradescopeResults, key: 'score' | 'max_score'): number => Math.round(r.tests.reduce((t, x) => t + x[key], 0) * 1e4) / 1e4;

describe('gradescope reporter', () => {
  it('with default weights: 1 per case, warn half, a skip kept at 0 so the total never changes, no top-level score', () => {
    const r = gradescopeResults(report, DEFAULT_WEIGHTS);
    expect(r.tests).toHaveLength(7);
    expect(byName(r, 'cl-skip')).toMatchObject({ score: 0, max_score: 1, status: 'failed' });
    expect(sum(r, 'max_score')).toBe(7);
    expect(sum(r, 'score')).toBe(2.5);
    // Left out, Gradescope sums the tests.
    expect(r).not.toHaveProperty('score');
    expect(byName(r, 'cl-warn')).toMatchObject({ score: 0.5, max_score: 1, status: 'failed', visibility: 'visible' });
    expect(byName(r, 'cl-pass-a')).toMatchObject({ score: 1, max_score: 1, status: 'passed' });
    expect(byName(r, 'cl-error')).toMatchObject({ score: 0, max_score: 1, status: 'failed' });
  });

  it('multiplies level and area weights', () => {
    const weights = weightsFromEnv({ CONFORMANCE_GRADESCOPE_WEIGHTS: '{ "levels": { "MUST": 2, "SHOULD": 1, "security": 4 }, "areas": { "traversal": 3 } }' });
    const r = gradescopeResults(report, weights);
    expect(byName(r, 'cl-pass-a')!.max_score).toBe(2);
    expect(byName(r, 'cl-fail-evil')!.max_score).toBe(12);
    expect(byName(r, 'cl-error')!.max_score).toBe(6);
    expect(byName(r, 'cl-warn')).toMatchObject({ score: 0.5, max_score: 1 });
    // 2 (pass-a) + 1 (pass-b) + 1 (warn) + 12 (fail) + 1 (timeout) + 1 (skip, MAY) + 6 (error)
    expect(sum(r, 'max_score')).toBe(24);
    expect(sum(r, 'score')).toBe(3.5);
  });

  it('keeps fractional weights exact enough to add up', () => {
    const weights = weightsFromEnv({ CONFORMANCE_GRADESCOPE_WEIGHTS: '{ "levels": { "MUST": 0.1, "SHOULD": 0.2 } }' });
    const r = gradescopeResults(report, weights);
    expect(byName(r, 'cl-pass-a')!.score).toBe(0.1);
    expect(byName(r, 'cl-warn')!.score).toBe(0.1);
    expect(r.tests.map((t) => t.score).filter((x) => x > 0).sort()).toEqual([0.1, 0.1, 0.2]);
  });

  it('reads weights from a YAML file path and its visibility', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gs-'));
    const file = path.join(dir, 'weights.yaml');
    await writeFile(file, 'levels:\n  MUST: 5\nvisibility: after_published\n');
    const r = gradescopeResults(report, weightsFromEnv({ CONFORMANCE_GRADESCOPE_WEIGHTS: file }));
    expect(byName(r, 'cl-pass-a')).toMatchObject({ score: 5, max_score: 5, visibility: 'after_published' });
    expect(r.visibility).toBe('after_published');
  });

  it.each([
    ['{ "levels": { "OFTEN": 2 } }', /levels\.OFTEN: unknown/],
    ['{ "areas": { "traversal": -1 } }', /areas\.traversal must be a number >= 0/],
    ['{ "weights": {} }', /unknown key "weights"/],
    ['{ "levels": [1] }', /"levels" must map names to numbers/],
    ['{ "visibility": "public" }', /visibility must be one of/],
    ['{ "total": 0 }', /total must be a number above 0/],
    ['{ "skipped": "half" }', /skipped must be "zero"/],
    ['{ not json', /not valid JSON or YAML/],
    ['/nonexistent/weights.json', /cannot read \/nonexistent\/weights.json \(ENOENT\)/],
  ])('rejects %s with one clear line', (value, pattern) => {
    expect(() => gradescopeReporter({ CONFORMANCE_GRADESCOPE_WEIGHTS: value })).toThrow(pattern);
    try {
      weightsFromEnv({ CONFORMANCE_GRADESCOPE_WEIGHTS: value });
    } catch (e) {
      expect((e as Error).message.split('\n')).toHaveLength(1);
      expect((e as { code?: string }).code).toBe('USAGE');
    }
  });

  it('writes results.json with output holding message, expected, actual, the evidence and reproduce', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gs-'));
    const files = await gradescopeReporter({}).onEnd(report, dir);
    expect(files).toEqual([path.join(dir, 'results.json')]);
    const written = JSON.parse(await readFile(files[0]!, 'utf8')) as GradescopeResults;
    expect(sum(written, 'score')).toBe(2.5);
    const evil = report.cases[3]!;
    const out = byName(written, 'cl-fail-evil')!.output;
    expect(out.startsWith('**FAIL**: ')).toBe(true);
    expect(out).toContain('- 400, then closed');
    expect(out).toContain('Got:');
    expect(out).toContain('```sh\nnpm run conformance -- --target 127.0.0.1:8080 --id cl-fail-evil\n```');
    // What a student needs beside the verdict: the RFC's words and the bytes each way.
    expect(out).toContain(evil.rfc);
    expect(out).toMatch(/Sent:\n\n```text\n\S/);
    expect(out).toMatch(/Received:\n\n```text\n\S/);
    const passed = written.tests.find((t) => t.status === 'passed')!.output;
    expect(passed).not.toContain('Sent:');
    expect(written.output).toContain('1 skipped');
    expect(written).toMatchObject({ output_format: 'md', test_output_format: 'md' });
  });

  it('numbers tests area.case, areas in the corpus order, so Gradescope groups them by area', () => {
    const r = gradescopeResults(report, DEFAULT_WEIGHTS);
    const numbers = r.tests.map((t) => `${t.number} ${t.tags[0]}`);
    // content-length, chunked, traversal, limits: AREAS order.
    expect(numbers).toEqual(['1.1 content-length', '1.2 content-length', '2.1 chunked', '2.2 chunked', '3.1 traversal', '3.2 traversal', '4.1 limits']);
  });

  it('scales the top-level score to a configured total, and drops skips only when told', () => {
    const r = gradescopeResults(report, weightsFromEnv({ CONFORMANCE_GRADESCOPE_WEIGHTS: '{ "total": 50, "skipped": "drop" }' }));
    expect(byName(r, 'cl-skip')).toBeUndefined();
    // 2.5 of 6 points, scaled to 50.
    expect(r.score).toBe(20.83);
    expect(r.output).toContain('20.83 of 50 points');
  });

  it('writes a results.json with score 0 and the reason when the server never started', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gs-'));
    const file = await writeGradescopeNotRun(dir, 'the server exited with status 3 before listening: ModuleNotFoundError', {});
    const r = JSON.parse(await readFile(file, 'utf8')) as GradescopeResults;
    expect(r).toMatchObject({ score: 0, tests: [], visibility: 'visible' });
    expect(r.output).toContain('ModuleNotFoundError');
  });
});

import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCases } from '../../src/case/load.ts';
import { forgetLoadedFiles } from '../../src/case/parse-cache.ts';

const CACHE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../node_modules/.cache/http11-conformance/cases');

const file = (title: string): string => `cases:
  - id: cache-probe
    title: ${title}
    area: static-files
    rfc: RFC 9110 §9.3.1
    quote: The GET method requests transfer of a current selected representation for the target resource.
    level: MUST
    send: ["GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"]
    expect:
      - responses: [{ status: 200 }]
`;

describe('parsed-file cache', () => {
  it('serves an unchanged file from the cache, re-parses an edited one, survives a corrupt entry', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'conformance-cache-'));
    const f = path.join(dir, 'one.yaml');
    await writeFile(f, file('first title'));
    expect((await loadCases([f]))[0]!.title).toBe('first title');
    const entry = path.join(CACHE, `${createHash('sha256').update(f).digest('hex')}.json`);
    expect((await readdir(CACHE)).includes(path.basename(entry))).toBe(true);

    // This process keeps what it loaded, frozen (every load hands out the same objects)...
    const first = (await loadCases([f]))[0]!;
    expect(() => Object.assign(first, { title: 'changed' })).toThrow(TypeError);
    // ...and a cached entry is what the next process uses while the file is unchanged...
    const cached = JSON.parse(await readFile(entry, 'utf8'));
    cached.parsed.cases[0].title = 'from the cache';
    await writeFile(entry, JSON.stringify(cached));
    expect((await loadCases([f]))[0]!.title).toBe('first title');
    forgetLoadedFiles();
    expect((await loadCases([f]))[0]!.title).toBe('from the cache');

    // ...an edit invalidates it...
    await writeFile(f, file('second title'));
    expect((await loadCases([f]))[0]!.title).toBe('second title');

    // ...and a broken entry only costs a parse.
    await writeFile(entry, '{ not json');
    expect((await loadCases([f]))[0]!.title).toBe('second title');
  });
});

// Writes case files into a fresh temporary directory for loader tests.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const made: string[] = [];

export async function caseDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cases-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

/** Removes every directory `caseDir` made (call from afterAll). */
export async function removeCaseDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** A minimal valid case, as YAML lines under `cases:`, with the given id. */
export function minimalCase(id: string): string {
  return [
    `  - id: ${id}`,
    '    title: Plain GET',
    '    rfc: RFC 9112 §3',
    '    quote: A recipient MUST parse an HTTP message as a sequence of octets',
    '    level: MUST',
    '    send:',
    '      - "GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"',
    '    expect:',
    '      - responses: [{ status: 200 }]',
  ].join('\n');
}

/** The 1-based line of the `nth` (1-based) occurrence of `marker` in `text`. */
export function lineOf(text: string, marker: string, nth = 1): number {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(marker, at + 1);
    if (at < 0) throw new Error(`marker ${JSON.stringify(marker)} not found`);
  }
  return text.slice(0, at).split('\n').length;
}

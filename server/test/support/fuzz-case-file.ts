// A fuzz failure as a case file (cases/README.md format) that `npm run conformance -- --cases
// FILE` replays: the exact writes, then a half-close. Bytes are escaped text, never hex dumps.

export type FuzzFailure = {
  seed: number;
  iteration: number;
  /** Where the input came from, and how it was mutated. */
  origin: string;
  problem: string;
  writes: Buffer[];
  /** How many final responses the server may give at most before closing. */
  maxResponses: number;
};

/** YAML double-quoted text, one character per octet. */
export function yamlBytes(bytes: Buffer): string {
  let out = '"';
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x00) out += '\\0';
    else if (b < 0x20 || b >= 0x7f) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out}"`;
}

function comment(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

export function fuzzCaseId(f: Pick<FuzzFailure, 'seed' | 'iteration'>): string {
  return `frag-fuzz-${f.seed}-${f.iteration}`;
}

// The loader expands `{word}` wherever it appears and the format has no escape for it.
const PLACEHOLDER_LIKE = /\{[a-z-]+\}/;

export function fuzzCaseYaml(f: FuzzFailure): string {
  const expands = f.writes.some((w) => PLACEHOLDER_LIKE.test(w.toString('latin1')));
  const alternatives: string[] = [];
  for (let n = 0; n <= f.maxResponses; n++) {
    const list = Array.from({ length: n }, () => '{ status: any }').join(', ');
    alternatives.push(`      - responses: [${list}]\n        connection: closed`);
  }
  return [
    `# Found by server/test/fuzz.test.ts (seed ${f.seed}, iteration ${f.iteration}).`,
    `# Input: ${comment(f.origin)}`,
    `# Problem: ${comment(f.problem)}`,
    ...(expands ? ['# Note: the input holds a {word} that the loader expands, so the replay differs there.'] : []),
    'area: fragmentation',
    'cases:',
    `  - id: ${fuzzCaseId(f)}`,
    `    title: fuzzed input, seed ${f.seed} iteration ${f.iteration}`,
    '    rfc: RFC 9112 §2.2',
    '    quote: a recipient MUST parse an HTTP message as a sequence of octets',
    '    level: robustness',
    '    why: replays a mangled input on which the reference server crashed or sent a malformed response',
    '    send:',
    ...f.writes.map((w) => `      - ${yamlBytes(w)}`),
    '      - close: fin',
    '    expect:',
    ...alternatives,
    '',
  ].join('\n');
}

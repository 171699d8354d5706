// Case files written to hurt the loader or the harness (issue 13), generated rather than checked
// in: each is a few KB that stands for gigabytes, or a file too big to be worth parsing.

const HEAD = (id: string): string => `  - id: ${id}
    title: A hostile case
    area: limits
    rfc: RFC 9110 §2.3
    quote: A recipient MUST be able to parse any value of reasonable length
    level: robustness
    tags: [hang]
`;
const EXPECT = `    expect:
      - responses: [{ status: any }]
`;
const BIG_WRITE = `{ write: [{ repeat: "a", times: ${16 * 1024 * 1024} }] }`;

/** 1000 write steps of 16 MiB each, written once and aliased 999 times (the 11 KB file of the issue). */
export function aliasedWrites(steps = 1000): string {
  const lines = [`cases:\n${HEAD('lim-aliased-writes')}    send:`, `      - &w ${BIG_WRITE}`];
  for (let i = 1; i < steps; i++) lines.push('      - *w');
  return `${lines.join('\n')}\n${EXPECT}`;
}

/** The same without aliases: 1000 plain steps of 16 MiB each, every one under the per-write limit. */
export function plainWrites(steps = 1000): string {
  const lines = [`cases:\n${HEAD('lim-plain-writes')}    send:`];
  for (let i = 0; i < steps; i++) lines.push(`      - ${BIG_WRITE}`);
  return `${lines.join('\n')}\n${EXPECT}`;
}

/** One step repeated 1000 times: as much, in five lines. */
export function repeatedWrites(): string {
  return `cases:\n${HEAD('lim-repeated-writes')}    send:\n      - times: 1000\n        steps:\n          - ${BIG_WRITE}\n${EXPECT}`;
}

/** A flood of 1100 connections each writing 1 MiB: 1.1 GB through side connections alone. */
export function floodWrites(): string {
  return `cases:\n${HEAD('lim-flood-writes')}    before:\n      - count: 1100\n        send:\n          - { write: [{ repeat: "a", times: ${1024 * 1024} }] }\n    send:\n      - "GET / HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"\n${EXPECT}`;
}

/**
 * Aliases that fan out: level i is a list of K aliases to level i-1, so a 4 KB file stands for
 * K^levels nodes; resolving them one by one cost 25 s at K=100 and over a minute at K=200.
 */
export function aliasFanOut(k: number, levels = 3): string {
  const defs = ['x-0: &l0 "GET / HTTP/1.1\\r\\n\\r\\n"'];
  for (let i = 1; i <= levels; i++) defs.push(`x-${i}: &l${i} [${Array.from({ length: k }, () => `*l${i - 1}`).join(', ')}]`);
  // The anchors live in an outcome preset's note, where a walk of the document meets them.
  return `presets:\n  fan:\n    responses: []\n    note: [${defs.map((d) => `{ ${d} }`).join(', ')}]\ncases:\n${HEAD('lim-alias-fan-out')}    send: *l${levels}\n${EXPECT}`;
}

/** A valid case file of about `bytes` bytes: one case writing a long literal request. */
export function largeValidFile(bytes: number): string {
  const filler = 'a'.repeat(Math.max(0, bytes - 600));
  return `cases:\n${HEAD('lim-large-file')}    send:\n      - "GET /${filler} HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"\n${EXPECT}`;
}

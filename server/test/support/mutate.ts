// Seeded mutations of request bytes for the fuzz test: bit flips, interesting octets, splices of
// two requests, truncation, duplicated header lines, deletions; and random split points for the
// writes. Everything derives from one seed so a failure can be replayed.

/** The harness's seeded generator (mulberry32), so a seed means the same thing on both sides. */
export { mulberry32 as prng } from '../../../conformance/src/case/prng.ts';

const INTERESTING = [0x00, 0x09, 0x0a, 0x0d, 0x20, 0x22, 0x2c, 0x2f, 0x30, 0x3a, 0x3b, 0x3d, 0x7f, 0x80, 0xff];
const SNIPPETS = [
  '\r\n', '\n', '\r', ' ', ':', ';', ',', '0', 'f', '\r\n\r\n', 'chunked', 'Transfer-Encoding: chunked\r\n',
  'Content-Length: 7\r\n', 'Content-Length: 99999999999\r\n', 'Expect: 100-continue\r\n', 'Connection: close\r\n',
  'Host: x\r\n', '0\r\n\r\n', '5\r\nhello\r\n', '%2e%2e/', '../', 'HTTP/1.0', 'ffffffffffffffff',
];

export type Mutation = { bytes: Buffer; steps: string[] };

/** One to four mutations of `input`; `other` is a second request to splice with. */
export function mutate(random: () => number, input: Buffer, other: Buffer): Mutation {
  const pick = (n: number): number => Math.floor(random() * n);
  let out = input;
  const steps: string[] = [];
  const count = random() < 0.6 ? 1 : 2 + pick(3);
  for (let s = 0; s < count; s++) {
    const at = pick(out.length + 1);
    switch (pick(8)) {
      case 0: {
        if (out.length === 0) break;
        const copy = Buffer.from(out);
        const i = Math.min(at, copy.length - 1);
        copy[i] = copy[i]! ^ (1 << pick(8));
        out = copy;
        steps.push(`flip a bit at ${i}`);
        break;
      }
      case 1: {
        if (out.length === 0) break;
        const copy = Buffer.from(out);
        const i = Math.min(at, copy.length - 1);
        copy[i] = INTERESTING[pick(INTERESTING.length)]!;
        out = copy;
        steps.push(`set octet ${i}`);
        break;
      }
      case 2: {
        const cut = pick(other.length + 1);
        out = Buffer.concat([out.subarray(0, at), other.subarray(cut)]);
        steps.push(`splice another request at ${at}`);
        break;
      }
      case 3:
        out = out.subarray(0, at);
        steps.push(`truncate to ${at}`);
        break;
      case 4: {
        // Duplicate one header line (or the request line) in place.
        const lines = out.toString('latin1').split('\r\n');
        const headEnd = lines.indexOf('');
        const limit = headEnd > 0 ? headEnd : lines.length;
        if (limit === 0) break;
        const i = pick(limit);
        lines.splice(i, 0, lines[i]!);
        out = Buffer.from(lines.join('\r\n'), 'latin1');
        steps.push(`duplicate line ${i}`);
        break;
      }
      case 5: {
        const n = 1 + pick(8);
        out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + n))]);
        steps.push(`delete ${n} octets at ${at}`);
        break;
      }
      case 6: {
        const snippet = Buffer.from(SNIPPETS[pick(SNIPPETS.length)]!, 'latin1');
        out = Buffer.concat([out.subarray(0, at), snippet, out.subarray(at)]);
        steps.push(`insert a snippet at ${at}`);
        break;
      }
      default:
        out = Buffer.concat([out, out]);
        steps.push('repeat the whole input');
        break;
    }
  }
  return { bytes: out, steps };
}

/** Cuts `bytes` into 1 to 6 writes at random points (empty pieces dropped). */
export function splitPoints(random: () => number, bytes: Buffer): Buffer[] {
  const cuts = new Set<number>();
  const n = Math.floor(random() * 6);
  for (let i = 0; i < n; i++) cuts.add(Math.floor(random() * bytes.length));
  const sorted = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
  const pieces: Buffer[] = [];
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! > sorted[i - 1]!) pieces.push(bytes.subarray(sorted[i - 1], sorted[i]));
  return pieces;
}

// Which final responses answer HEAD, when a case does not say (`head:`). The i-th request line
// in the written bytes gets the i-th final response, so we count request lines in order: a line
// matching `METHOD target HTTP/x.y` at the very start of the bytes or right after a blank line.
// The reader needs this because a response to HEAD has no body whatever its headers say
// (RFC 9112 §6.3, rule 1).

import { canaryRequest } from './canary.ts';
import type { SendStep } from './types.ts';

const REQUEST_LINE = /^[A-Za-z-]+ \S+ HTTP\/\d\.\d$/;
const CANARY = canaryRequest('{host}');
// Enough copies of a repeated run to keep every request-line and blank-line match it takes part
// in, without building megabytes of text.
const REPEAT_SAMPLE = 4;

export function inferHeadResponses(send: SendStep[]): number[] {
  let stream = '';
  for (const step of send) {
    if (step.kind !== 'write') continue;
    for (const part of step.parts) {
      const text = part.kind === 'text' ? part.text : part.text.repeat(Math.min(part.times, REPEAT_SAMPLE));
      stream += text.replaceAll('{canary}', CANARY);
    }
  }
  const starts = new Set<number>([0]);
  for (let at = stream.indexOf('\r\n\r\n'); at >= 0; at = stream.indexOf('\r\n\r\n', at + 1)) starts.add(at + 4);

  const head: number[] = [];
  let index = 0;
  for (const start of [...starts].sort((a, b) => a - b)) {
    const eol = stream.indexOf('\n', start);
    if (eol < 0) continue;
    const line = stream.slice(start, stream[eol - 1] === '\r' ? eol - 1 : eol);
    if (!REQUEST_LINE.test(line)) continue;
    if (line.startsWith('HEAD ')) head.push(index);
    index++;
  }
  return head;
}

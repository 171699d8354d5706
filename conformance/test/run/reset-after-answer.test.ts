// A server that answers and then closes at once with the rest of the request unread (no lingering
// close, RFC 9112 §9.6): its kernel resets the connection right after the answer. The harness used
// to write the next 64 KiB piece of the request into that reset before reading what had arrived,
// and the socket was gone with the answer in it: "no response; reset" on every run against this
// server, and on real servers (BusyBox httpd, CivetWeb, Twisted) one run or the other. What
// arrived before the reset is the server's answer and is read; the reset itself is what the case
// warns of (`connection: reset`), the same on every run.

import { describe, expect, it } from 'vitest';
import { runHarness, student } from './fragile.ts';

describe('a server that answers, then resets with the request unread', { timeout: 30_000 }, () => {
  it('is seen answering (the answer is read before more of the request is written), and warned for the reset', async () => {
    const run = await runHarness(['--server', student('closes-at-once.py'), '--id', 'conn-lingering-close-after-error']);
    for (let i = 0; i < 3; i++) {
      const again = i === 0 ? run : await runHarness(['--server', student('closes-at-once.py'), '--id', 'conn-lingering-close-after-error']);
      const r = again.byId['conn-lingering-close-after-error']!;
      expect(r.actual).toBe('404 Not Found (Connection: close, Content-Length: 0), then reset');
      expect(r.status).toBe('warn');
      expect(r.message).toMatch(/^allowed but discouraged: answered, then closed with the trailing octets unread/);
    }
  });
});

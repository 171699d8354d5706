// Whether some TCP socket still holds a local port (listening, TIME_WAIT, ...): a server that does
// not set SO_REUSEADDR cannot bind it until they are gone. Asked of the kernel for that one port
// with `ss` (iproute2), which filters in the kernel: about 5 ms, where reading /proc/net/tcp whole
// on a machine with 14,000 sockets in TIME_WAIT took 25 ms of kernel time and more to parse. Without
// `ss`, the whole table is read (proc-net.ts).

import { execa } from 'execa';
import { heldPorts, PROC_NET } from './proc-net.ts';

let ssMissing = false;

export async function portHeld(port: number): Promise<boolean> {
  if (!ssMissing) {
    const r = await execa('ss', ['-H', '-t', '-a', '-n', `sport = :${port}`], { reject: false, timeout: 5000, stdin: 'ignore' });
    if (r.exitCode === 0) return r.stdout.trim() !== '';
    // Not installed (or refused to run): the tables it would have read.
    ssMissing = true;
  }
  return PROC_NET && heldPorts().has(port);
}

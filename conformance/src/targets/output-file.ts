// A started server's stdout and stderr go to a real file, not to a socket pair (what Node gives a
// child for `pipe`): stock nginx, Apache, lighttpd and h2o configs open /dev/stderr, which fails
// with ENXIO on a socket. The harness reads back only the file's tail, for start-up and crash
// messages, and cuts the file when it grows large, so a chatty server costs bounded disk.

import { closeSync, fstatSync, ftruncateSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The file is cut back to its tail once it holds more than this. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export class OutputFile {
  /** Open for appending: the server's writes always land at the end, even after a cut. */
  readonly fd: number;
  private readonly dir: string;
  /** What the last cut kept, shown before the file's content. */
  private kept: Buffer = Buffer.alloc(0);

  constructor(private readonly tailBytes = 4096) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'conformance-server-'));
    this.fd = openSync(path.join(this.dir, 'output.log'), 'a+');
  }

  /** The last `lines` lines the server printed (stdout and stderr interleaved as written). */
  text(lines = 10): string {
    return this.tail().toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Keeps the file small: called now and then while the server runs. */
  trim(): void {
    if (fstatSync(this.fd).size <= MAX_FILE_BYTES) return;
    this.kept = this.tail();
    ftruncateSync(this.fd, 0);
  }

  clear(): void {
    this.kept = Buffer.alloc(0);
    ftruncateSync(this.fd, 0);
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // closed already
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private tail(): Buffer {
    let size: number;
    try {
      size = fstatSync(this.fd).size;
    } catch {
      return this.kept;
    }
    const length = Math.min(size, this.tailBytes);
    const buf = Buffer.alloc(length);
    const read = length > 0 ? readSync(this.fd, buf, 0, length, size - length) : 0;
    const all = Buffer.concat([this.kept, buf.subarray(0, read)]);
    return all.subarray(Math.max(0, all.length - this.tailBytes));
  }
}

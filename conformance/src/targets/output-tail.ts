/** Keeps the last `max` bytes a started server printed, for crash and start-up messages. */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly max = 4096) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0]!.length >= this.max) this.size -= this.chunks.shift()!.length;
  }

  /** The tail as text, at most `lines` lines. */
  text(lines = 10): string {
    const all = Buffer.concat(this.chunks).toString('utf8');
    return all.trimEnd().split('\n').slice(-lines).join('\n');
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
  }
}

// Bytes a write step sends, made only when they are sent. A case may write 10 MiB of one octet
// (`{ repeat: "a", times: 10485760 }`) and several cases run at once; holding each write whole
// for the length of its case would multiply that by the concurrency. A `LazyBytes` is a list of
// segments (literal bytes, or a unit repeated) and a window [start, end) over them; the client
// asks for one piece at a time with `subarray`, and the split modes cut windows, never bytes.

/** What a write step carries: a Buffer, or anything that can hand out its bytes piece by piece. */
export type WireBytes = {
  readonly length: number;
  /** The bytes in [start, end), never to be written into (a piece may be handed out again). */
  subarray(start: number, end: number): Buffer;
};

export type Segment = { kind: 'bytes'; bytes: Buffer } | { kind: 'repeat'; unit: Buffer; times: number };

type Placed = { segment: Segment; from: number; to: number };

export class LazyBytes implements WireBytes {
  private constructor(
    private readonly placed: readonly Placed[],
    private readonly start: number,
    readonly length: number,
  ) {}

  static of(segments: readonly Segment[]): LazyBytes {
    const placed: Placed[] = [];
    let at = 0;
    for (const segment of segments) {
      const size = segment.kind === 'bytes' ? segment.bytes.length : segment.unit.length * segment.times;
      if (size === 0) continue;
      placed.push({ segment, from: at, to: at + size });
      at += size;
    }
    return new LazyBytes(placed, 0, at);
  }

  /** One window over several: a run of writes joined, still without making a byte. */
  static concat(parts: readonly WireBytes[]): LazyBytes {
    return LazyBytes.of(parts.flatMap(segmentsOf));
  }

  /** A window over part of this one; no bytes are made. */
  slice(start: number, end: number): LazyBytes {
    const s = clamp(start, this.length);
    const e = clamp(end, this.length);
    return new LazyBytes(this.placed, this.start + s, Math.max(0, e - s));
  }

  subarray(start: number, end: number): Buffer {
    const s = this.start + clamp(start, this.length);
    const e = this.start + clamp(end, this.length);
    const within = this.placed.find((p) => p.from <= s && e <= p.to);
    if (within !== undefined && within.segment.kind === 'repeat') return repeatedPiece(within.segment, s - within.from, e - s);
    const out = Buffer.allocUnsafe(Math.max(0, e - s));
    let written = 0;
    for (const p of this.placed) {
      if (p.to <= s || p.from >= e) continue;
      const from = Math.max(s, p.from) - p.from;
      const to = Math.min(e, p.to) - p.from;
      written += fill(out, written, p.segment, from, to);
    }
    return out;
  }

  /** The segments of this window, cut to it (for joining windows). */
  segments(): Segment[] {
    const s = this.start;
    const e = this.start + this.length;
    const out: Segment[] = [];
    for (const p of this.placed) {
      if (p.to <= s || p.from >= e) continue;
      const from = Math.max(s, p.from) - p.from;
      const to = Math.min(e, p.to) - p.from;
      const seg = p.segment;
      if (seg.kind === 'bytes') out.push({ kind: 'bytes', bytes: seg.bytes.subarray(from, to) });
      else if (from % seg.unit.length === 0 && to % seg.unit.length === 0) out.push({ kind: 'repeat', unit: seg.unit, times: (to - from) / seg.unit.length });
      else {
        // A window that starts or ends inside a unit: the whole units in the middle stay lazy.
        const u = seg.unit.length;
        const firstWhole = Math.ceil(from / u) * u;
        const lastWhole = Math.floor(to / u) * u;
        if (firstWhole >= lastWhole) out.push({ kind: 'bytes', bytes: materialise(seg, from, to) });
        else {
          if (from < firstWhole) out.push({ kind: 'bytes', bytes: materialise(seg, from, firstWhole) });
          out.push({ kind: 'repeat', unit: seg.unit, times: (lastWhole - firstWhole) / u });
          if (lastWhole < to) out.push({ kind: 'bytes', bytes: materialise(seg, lastWhole, to) });
        }
      }
    }
    return out;
  }
}

/**
 * The last piece made of each repeat segment. A flood of one octet is written as thousands of
 * identical pieces: the same bytes are handed out again instead of a fresh buffer each time, so
 * what the harness holds does not depend on when the garbage collector comes by. (Nothing
 * writes into a piece; sockets and transcripts only read it.)
 */
const lastPiece = new WeakMap<Segment, { offset: number; length: number; bytes: Buffer }>();

function repeatedPiece(seg: Segment & { kind: 'repeat' }, from: number, length: number): Buffer {
  const offset = from % seg.unit.length;
  const last = lastPiece.get(seg);
  if (last !== undefined && last.offset === offset && last.length === length) return last.bytes;
  const bytes = materialise(seg, offset, offset + length);
  lastPiece.set(seg, { offset, length, bytes });
  return bytes;
}

function segmentsOf(b: WireBytes): Segment[] {
  if (b instanceof LazyBytes) return b.segments();
  return [{ kind: 'bytes', bytes: b.subarray(0, b.length) }];
}

function clamp(n: number, length: number): number {
  return Math.min(Math.max(0, n), length);
}

function materialise(seg: Segment, from: number, to: number): Buffer {
  const out = Buffer.allocUnsafe(to - from);
  fill(out, 0, seg, from, to);
  return out;
}

/** Writes the segment's bytes [from, to) into `out` at `at`; returns how many. */
function fill(out: Buffer, at: number, seg: Segment, from: number, to: number): number {
  if (seg.kind === 'bytes') return seg.bytes.copy(out, at, from, to);
  const u = seg.unit.length;
  let pos = from;
  let o = at;
  // The rest of a unit cut at its start, then whole units: fill() repeats the unit from there.
  const phase = pos % u;
  if (phase !== 0) {
    const n = Math.min(u - phase, to - pos);
    seg.unit.copy(out, o, phase, phase + n);
    o += n;
    pos += n;
  }
  if (pos < to) {
    const n = to - pos;
    out.fill(seg.unit, o, o + n);
  }
  return to - from;
}

// What the kernel knows about a server process: CPU time and peak resident memory. Read from
// /proc so that the figure covers the whole process (libuv's thread pool included) and costs the
// server nothing.

import { readFileSync, writeFileSync } from 'node:fs';

// USER_HZ: the unit of utime and stime in /proc/PID/stat. 100 on every Linux we run on.
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of the process so far, in microseconds. */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat(5) are utime and stime; fields[0] here is field 3.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

/** Peak resident set size (VmHWM) in bytes since the start or the last resetPeakRss(). */
export function peakRssBytes(pid: number): number {
  return statusKb(pid, 'VmHWM') * 1024;
}

export function rssBytes(pid: number): number {
  return statusKb(pid, 'VmRSS') * 1024;
}

/** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0); false if refused. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function statusKb(pid: number, key: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'latin1');
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return m === null ? 0 : Number(m[1]);
}

// Loaded with `node --import` into the harness under test: when the process exits, it writes its
// own peak resident set size (getrusage's ru_maxrss, in bytes) to $CONFORMANCE_PEAK_FILE, so a
// test measures the harness's memory in the harness's own process.
import { writeFileSync } from 'node:fs';

const file = process.env.CONFORMANCE_PEAK_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));

import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import type { Reporter } from './reporter.ts';
import { reportJsonPieces } from './result-bounds.ts';

/** `report.json`: the whole run, the source every other format can be written from again. */
export function jsonReporter(): Reporter {
  return {
    async onEnd(report, outDir) {
      await mkdir(outDir, { recursive: true });
      const file = path.join(outDir, 'report.json');
      // Under 20 MB whatever the target sent, written a case at a time (result-bounds.ts).
      const fh = await open(file, 'w');
      try {
        for (const piece of reportJsonPieces(report)) await fh.write(piece);
      } finally {
        await fh.close();
      }
      return [file];
    },
  };
}

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reporter } from './reporter.ts';
import { fitReport } from './result-bounds.ts';

/** `report.json`: the whole run, the source every other format can be written from again. */
export function jsonReporter(): Reporter {
  return {
    async onEnd(report, outDir) {
      await mkdir(outDir, { recursive: true });
      const file = path.join(outDir, 'report.json');
      // Under 20 MB whatever the target sent (result-bounds.ts).
      await writeFile(file, JSON.stringify(fitReport(report), null, 2) + '\n');
      return [file];
    },
  };
}

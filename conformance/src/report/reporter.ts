import type { Report } from '../result/types.ts';
import type { CaseResult } from '../result/types.ts';

/** A reporter writes one output format. Progress is optional: most formats only need the end. */
export type Reporter = {
  onStart?(info: { total: number; target: string }): void;
  onResult?(result: CaseResult, done: number, total: number): void;
  /** Writes the final output into `outDir`; returns the paths written (for the closing line). */
  onEnd(report: Report, outDir: string): Promise<string[]>;
};

// One problem in a case file, located by file and line so an editor can jump to it. Line 0 means
// the problem concerns the path itself (it does not exist, it cannot be read).

export class CaseFileError extends Error {
  readonly code = 'CASE_FILE_INVALID';
  readonly file: string;
  readonly line: number;
  readonly problem: string;

  constructor(file: string, line: number, problem: string) {
    super(line > 0 ? `${file}:${line}: ${problem}` : `${file}: ${problem}`);
    this.name = 'CaseFileError';
    this.file = file;
    this.line = line;
    this.problem = problem;
  }
}

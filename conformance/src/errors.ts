// One error class per condition the harness reports as a setup problem (exit code 2). Each has
// a stable `code` and a one-line message: the CLI prints the message alone, never a stack.

export class UsageError extends Error {
  readonly code = 'USAGE';
  override name = 'UsageError';
}

export class TargetUnreachableError extends Error {
  readonly code = 'TARGET_UNREACHABLE';
  override name = 'TargetUnreachableError';
}

export class ServerStartError extends Error {
  readonly code = 'SERVER_START_FAILED';
  override name = 'ServerStartError';
}

/** Errors whose message is meant for the user as is (exit code 2). */
export function isSetupError(e: unknown): e is Error & { code: string } {
  if (!(e instanceof Error)) return false;
  const code: unknown = (e as Error & { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code);
}

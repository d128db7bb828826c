import { AuthError, type FieldError, ForbiddenError, NeuroGraphError } from '@neurograph/sdk';
import { CommanderError } from 'commander';

/** The documented exit codes (docs/cli.md). */
export const ExitCode = { ok: 0, usage: 1, server: 2, auth: 3 } as const;

/** The command line or a local input (a file, a vector, a JSON argument) is wrong; nothing was sent. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Not signed in, or the saved credentials no longer work. */
export class NotLoggedInError extends Error {
  override name = 'NotLoggedInError';
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  if (error instanceof AuthError || error instanceof ForbiddenError || error instanceof NotLoggedInError) return ExitCode.auth;
  if (error instanceof NeuroGraphError) return ExitCode.server;
  if (error instanceof UsageError || isFileError(error) || error instanceof SyntaxError) return ExitCode.usage;
  return ExitCode.server;
}

/** One readable line: the server's detail, its code and every refused field. */
export function describe(error: unknown): string {
  if (error instanceof NeuroGraphError) {
    const where = error.status === 0 ? rootCause(error) : `[${error.status} ${error.code}]`;
    return problemLine(error.detail, where, error.problem?.errors);
  }
  if (isFileError(error)) return `${error.path ?? 'file'}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** `detail [where]; field: message; …`, leaving out issues the detail already spells out. */
export function problemLine(detail: string, where: string, issues: readonly FieldError[] = [], fieldName = (field: string) => field): string {
  const fields = issues.filter((issue) => !detail.includes(issue.message)).map((issue) => `${fieldName(issue.field)}: ${issue.message}`);
  return [`${detail}${where ? ` ${where}` : ''}`, ...fields].join('; ');
}

/** Why a request got no answer (e.g. `ECONNREFUSED 127.0.0.1:3000`), from the innermost cause. */
function rootCause(error: Error): string {
  let cause: unknown = error.cause;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  return cause instanceof Error ? `(${cause.message})` : '';
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'syscall' in error;
}

#!/usr/bin/env node
import { AuthError } from '@neurograph/sdk';
import { CommanderError } from 'commander';
import { describe, exitCodeOf } from './errors.js';
import { buildProgram } from './program.js';

async function main(argv: string[]): Promise<number> {
  const { program, cli } = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    // Commander has already printed its own usage message (and --help/--version output).
    if (error instanceof CommanderError) return exitCodeOf(error);
    const hint = error instanceof AuthError && error.code !== 'INVALID_CREDENTIALS' ? ' — run `neurograph login`' : '';
    cli.out.error(describe(error) + hint);
    if (cli.options.debug && error instanceof Error) cli.out.notice(error.stack ?? '');
    return exitCodeOf(error);
  }
}

// `neurograph modules list | head -3`: the reader left, which is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv).then((code) => {
  // A command may have set a code itself (e.g. 2 when some lines of an upload were refused).
  if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
});

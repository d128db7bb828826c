import type { Command } from 'commander';
import type { Cli } from '../context.js';
import { parseInteger } from '../input.js';

export function registerTokens(program: Command, cli: Cli): void {
  const tokens = program.command('tokens').description('the tokens (learned points) of a space');

  tokens
    .command('list')
    .description('tokens of a space, oldest first')
    .option('--space <space>', 'which space', 'default')
    .option('--limit <n>', 'how many', '50')
    .option('--cursor <cursor>', 'continue after a previous page (its nextCursor)')
    .action(async (options: { space: string; limit: string; cursor?: string }) => {
      const page = await cli.client().tokens.list(options.space, { limit: parseInteger(options.limit, '--limit', 1), cursor: options.cursor });
      cli.out.result(page, () => {
        cli.out.table(page.items, [
          { header: 'ID', value: (t) => t.id, numeric: true },
          { header: 'LABEL', value: (t) => t.label },
          { header: 'KIND', value: (t) => t.kind },
          { header: 'WEIGHT', value: (t) => t.weight, numeric: true },
          { header: 'ACTIVATIONS', value: (t) => t.activationCount, numeric: true },
          { header: 'VECTOR', value: (t) => t.vector.map((x) => x.toFixed(2)).join(',') },
        ]);
        if (page.nextCursor) cli.out.notice(cli.out.style('dim', `more: --cursor ${page.nextCursor}`));
      });
    });

  tokens
    .command('get <id>')
    .description('one token')
    .option('--space <space>', 'which space', 'default')
    .action(async (id: string, options: { space: string }) => {
      const token = await cli.client().tokens.get(options.space, parseInteger(id, 'ID'));
      cli.out.result(token, () => cli.out.record({ ...token }));
    });
}

import type { Neighbor } from '@neurograph/sdk';
import { type Command, Option } from 'commander';
import type { Cli } from '../context.js';
import { UsageError } from '../errors.js';
import { parseInteger, parseVector } from '../input.js';

export function registerSpace(program: Command, cli: Cli): void {
  const space = program.command('space').description('query a semantic space');

  space
    .command('search')
    .description('nearest tokens to a text or a vector (k nearest, or everything within --radius)')
    .addOption(new Option('--text <text>', 'encode this text and search around it').conflicts('vector'))
    .option('--vector <v1,…,v8>', 'search around this point')
    .option('-k, --k <n>', 'how many neighbours', '10')
    .option('--radius <r>', 'every token within this distance instead of the k nearest')
    .option('--space <space>', 'which space', 'default')
    .action(async (options: { text?: string; vector?: string; k: string; radius?: string; space: string }) => {
      if (!options.text && !options.vector) throw new UsageError('space search needs --text or --vector');
      const radius = options.radius === undefined ? undefined : Number(options.radius);
      if (radius !== undefined && !(radius > 0)) throw new UsageError(`--radius must be a positive number, got "${options.radius}"`);
      const response = await cli.client().spaces.search(options.space, {
        text: options.text,
        vector: options.vector === undefined ? undefined : parseVector(options.vector),
        ...(radius === undefined ? { k: parseInteger(options.k, '-k', 1) } : { radius }),
      });
      cli.out.result(response, () =>
        cli.out.table<Neighbor>(response.neighbors, [
          { header: 'TOKEN', value: (n) => n.tokenId, numeric: true },
          { header: 'DISTANCE', value: (n) => n.distance, numeric: true },
          { header: 'SIMILARITY', value: (n) => n.similarity, numeric: true },
        ]),
      );
    });
}

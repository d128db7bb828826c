import { isPermission, PERMISSIONS, type Permission } from '@neurograph/rbac';
import type { Command } from 'commander';
import type { Cli } from '../context.js';
import { UsageError } from '../errors.js';
import { parseInteger } from '../input.js';

export function registerKeys(program: Command, cli: Cli): void {
  const keys = program.command('keys').description('API keys of the signed-in user (for services and scripts)');

  keys
    .command('create <name>')
    .description('create a key; it is shown once')
    .option('--scopes <permissions>', "comma-separated permissions, a subset of your role's (default: all of them)")
    .option('--expires <time>', 'ISO time after which the key stops working')
    .option('--rate-limit <perSecond>', 'requests per second for this key')
    .addHelpText('after', '\nExample: neurograph keys create ingest-bot --scopes signals:write,signals:read')
    .action(async (name: string, options: { scopes?: string; expires?: string; rateLimit?: string }) => {
      const created = await cli.client().apiKeys.create({
        name,
        scopes: options.scopes === undefined ? undefined : parseScopes(options.scopes),
        expiresAt: options.expires === undefined ? undefined : parseTime(options.expires),
        rateLimitPerSecond: options.rateLimit === undefined ? undefined : parseInteger(options.rateLimit, '--rate-limit', 1),
      });
      cli.out.result(created, () => {
        cli.out.done(`key ${created.apiKey.name} (${created.apiKey.id}) created with ${created.apiKey.scopes.join(', ')}`);
        cli.out.print(created.key);
        cli.out.notice(cli.out.style('yellow', 'Store it now: the server keeps only a hash and cannot show it again.'));
      });
    });

  keys
    .command('list')
    .description('your keys (without the secrets)')
    .action(async () => {
      const page = await cli.client().apiKeys.list();
      cli.out.result(page, () =>
        cli.out.table(page.items, [
          { header: 'ID', value: (k) => k.id },
          { header: 'NAME', value: (k) => k.name },
          { header: 'PREFIX', value: (k) => k.prefix },
          { header: 'SCOPES', value: (k) => k.scopes.join(',') },
          { header: 'EXPIRES', value: (k) => k.expiresAt },
          { header: 'LAST USED', value: (k) => k.lastUsedAt },
          { header: 'REVOKED', value: (k) => (k.revoked ? 'yes' : '') },
        ]),
      );
    });

  keys
    .command('revoke <id>')
    .description('revoke a key at once')
    .action(async (id: string) => {
      await cli.client().apiKeys.revoke(id);
      cli.out.result({ id, revoked: true }, () => cli.out.done(`key ${id} revoked`));
    });
}

function parseScopes(list: string): Permission[] {
  const scopes = list.split(',').map((scope) => scope.trim()).filter(Boolean);
  const unknown = scopes.filter((scope) => !isPermission(scope));
  if (unknown.length > 0) throw new UsageError(`unknown permission ${unknown.join(', ')}; known: ${PERMISSIONS.join(', ')}`);
  return scopes.filter(isPermission);
}

function parseTime(text: string): string {
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw new UsageError(`--expires must be an ISO time, got "${text}"`);
  return time.toISOString();
}

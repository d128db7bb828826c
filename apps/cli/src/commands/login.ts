import { ForbiddenError, type Me, type NeuroGraph } from '@neurograph/sdk';
import type { Command } from 'commander';
import { type Cli, DEFAULT_URL } from '../context.js';
import { UsageError } from '../errors.js';
import { readSecret } from '../input.js';

export function registerLogin(program: Command, cli: Cli): void {
  program
    .command('login')
    .description('check credentials and save them as a profile (in the user config folder, mode 0600)')
    .option('--username <name>', 'sign in as this user (password from --password, NEUROGRAPH_PASSWORD, a prompt or stdin)')
    .option('--password <password>', 'the password (prefer the prompt: arguments show up in process lists)')
    .addHelpText('after', '\nWith --api-key (or NEUROGRAPH_API_KEY) the key is checked and saved instead.\nExample: neurograph login --url https://ng.example.com --username alice')
    .action(async (options: { username?: string; password?: string }) => {
      const url = cli.options.url ?? cli.profile?.url ?? DEFAULT_URL;
      const apiKey = cli.options.apiKey;
      const { username } = options;
      if (apiKey && username) throw new UsageError('use either --username or --api-key, not both');
      if (apiKey) {
        const owner = await keyOwner(cli.clientFor({ baseUrl: url, apiKey }));
        cli.store.save(cli.options.profile, { url, apiKey });
        return cli.out.result({ profile: cli.options.profile, url, user: owner?.username ?? null, role: owner?.role ?? null }, () =>
          cli.out.done(`API key${owner ? ` of ${owner.username} (${owner.role})` : ''} saved as profile "${cli.options.profile}" for ${url}`),
        );
      }
      if (!username) throw new UsageError('login needs --username or --api-key');
      const password = options.password ?? process.env['NEUROGRAPH_PASSWORD'] ?? (await readSecret(`password for ${username}: `));
      const client = cli.clientFor({ baseUrl: url });
      const reply = await client.auth.login(username, password);
      cli.store.save(cli.options.profile, { url, username, accessToken: reply.accessToken, refreshToken: reply.refreshToken });
      cli.out.result({ profile: cli.options.profile, url, user: reply.user.username, role: reply.user.role }, () =>
        cli.out.done(`signed in to ${url} as ${reply.user.username} (${reply.user.role}); profile "${cli.options.profile}" saved in ${cli.store.path}`),
      );
    });

  program
    .command('logout')
    .description("end the profile's session on the server and forget the profile")
    .action(async () => {
      const profile = cli.profile;
      if (!profile) throw new UsageError(`no profile "${cli.options.profile}"`);
      if (profile.refreshToken) await cli.client().auth.logout();
      cli.store.remove(cli.options.profile);
      cli.out.done(`profile "${cli.options.profile}" removed`);
    });
}

/** Whose key it is; undefined when its scopes do not include reading that (a 403 still proves the key is valid, a 401 throws). */
async function keyOwner(client: NeuroGraph): Promise<Me | undefined> {
  try {
    return await client.auth.me();
  } catch (error) {
    if (error instanceof ForbiddenError) return undefined;
    throw error;
  }
}

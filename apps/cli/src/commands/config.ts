import type { Command } from 'commander';
import type { Cli } from '../context.js';

/** Shows a secret's first characters only: enough to tell keys apart, useless to anyone reading over a shoulder. */
const mask = (secret: string) => `${secret.slice(0, 12)}…`;

export function registerConfig(program: Command, cli: Cli): void {
  const config = program.command('config').description("the CLI's own settings");

  config
    .command('show')
    .description('the server and credentials commands use, where each comes from, and the saved profiles')
    .action(() => {
      const { url, urlSource, auth } = cli.target();
      const credentials = !auth
        ? 'none (anonymous)'
        : 'apiKey' in auth
          ? `API key ${mask(auth.apiKey)} (from ${auth.source})`
          : `user ${auth.username} (session saved in the profile)`;
      const shown = {
        profile: cli.options.profile,
        url,
        urlSource,
        credentials,
        profilesFile: cli.store.path,
        profiles: cli.store.names(),
      };
      cli.out.result(shown, () =>
        cli.out.record({ profile: shown.profile, url: `${url} (from ${urlSource})`, credentials, 'profiles file': shown.profilesFile, profiles: shown.profiles.join(', ') || '-' }),
      );
    });
}

import { Command, Option } from 'commander';
import { registerCdna } from './commands/cdna.js';
import { registerCompletion } from './commands/completion.js';
import { registerConfig } from './commands/config.js';
import { registerKeys } from './commands/keys.js';
import { registerLogin } from './commands/login.js';
import { registerModules } from './commands/modules.js';
import { registerSignals } from './commands/signals.js';
import { registerSpace } from './commands/space.js';
import { registerSubscribe } from './commands/subscribe.js';
import { registerSystem } from './commands/system.js';
import { registerTokens } from './commands/tokens.js';
import { Cli, DEFAULT_URL } from './context.js';
import type { ProfileStore } from './profiles.js';
import { version } from '../package.json';


/** The whole command tree; `run` parses argv against it. */
export function buildProgram(store?: ProfileStore): { program: Command; cli: Cli } {
  const program = new Command('neurograph')
    .description('Operate a NeuroGraph server: signals, spaces, modules, the CDNA, API keys and live channels.')
    .version(version, '-V, --version')
    .addOption(new Option('-p, --profile <name>', 'saved profile to use').env('NEUROGRAPH_PROFILE').default('default'))
    .addOption(new Option('--url <url>', `server URL (default: the profile's, else ${DEFAULT_URL})`).env('NEUROGRAPH_URL'))
    .addOption(new Option('--api-key <key>', 'authenticate with this API key instead of the profile').env('NEUROGRAPH_API_KEY'))
    .option('--json', 'print results as JSON (for scripts)')
    .option('--no-color', 'never colour the output (also: NO_COLOR)')
    .option('--timeout <ms>', 'time limit of each request', '30000')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 usage (bad arguments or input, nothing sent), 2 server error (or the server refused the request), 3 authentication or permission.
Shell completion: neurograph completion bash >> ~/.bashrc   (or zsh)`,
    );

  const cli = new Cli(program, store);
  registerLogin(program, cli);
  registerSystem(program, cli);
  registerModules(program, cli);
  registerSignals(program, cli);
  registerSpace(program, cli);
  registerTokens(program, cli);
  registerCdna(program, cli);
  registerSubscribe(program, cli);
  registerConfig(program, cli);
  registerKeys(program, cli);
  registerCompletion(program);
  return { program, cli };
}

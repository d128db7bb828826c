import type { ModuleInfo } from '@neurograph/sdk';
import type { Command } from 'commander';
import type { Cli } from '../context.js';
import { jsonObject } from '../input.js';

export function registerModules(program: Command, cli: Cli): void {
  const modules = program.command('modules').description('inspect and operate the engine modules');

  modules
    .command('list')
    .description('every module with its state')
    .action(async () => {
      const list = await cli.client().modules.list();
      cli.out.result(list, () =>
        cli.out.table(list.modules, [
          { header: 'ID', value: (m) => m.id },
          { header: 'VERSION', value: (m) => m.version },
          { header: 'ENABLED', value: (m) => (m.enabled ? 'yes' : 'no') },
          { header: 'STATUS', value: (m) => m.status },
          { header: 'OPS/S', value: (m) => m.metrics.opsPerSecond, numeric: true },
          { header: 'ERRORS', value: (m) => m.metrics.errors, numeric: true },
          { header: 'NAME', value: (m) => m.name },
        ]),
      );
    });

  modules
    .command('get <id>')
    .description('one module: description, dependencies, config and metrics')
    .action(async (id: string) => showModule(cli, await cli.client().modules.get(id)));

  modules
    .command('enable <id>')
    .description('enable a module (and start processing with it)')
    .action(async (id: string) => {
      const module = await cli.client().modules.enable(id);
      cli.out.result(module, () => cli.out.done(`${module.id} enabled (${module.status})`));
    });

  modules
    .command('disable <id>')
    .description("disable a module; the engine's core modules refuse (exit 2, MODULE_CANNOT_BE_DISABLED)")
    .action(async (id: string) => {
      const module = await cli.client().modules.disable(id);
      cli.out.result(module, () => {
        cli.out.done(`${module.id} disabled (${module.status})`);
        if (module.disableWarning) cli.out.warn(module.disableWarning.en);
      });
    });

  modules
    .command('metrics <id>')
    .description('operations, rate, latency percentiles and errors of a module')
    .action(async (id: string) => {
      const metrics = await cli.client().modules.metrics(id);
      cli.out.result(metrics, () =>
        cli.out.record({
          operations: metrics.operations,
          'ops/s (1 min)': metrics.opsPerSecond,
          'latency µs': `avg ${metrics.latencyUs.avg}  p50 ${metrics.latencyUs.p50}  p95 ${metrics.latencyUs.p95}  p99 ${metrics.latencyUs.p99}  max ${metrics.latencyUs.max}`,
          errors: metrics.errors,
          ...metrics.custom,
        }),
      );
    });

  const config = modules.command('config').description("read or replace a module's configuration");
  config
    .command('get <id>')
    .description('the configuration as JSON')
    .option('--schema', 'print the JSON Schema it is checked against instead')
    .action(async (id: string, options: { schema?: boolean }) => {
      const { config: values, schema } = await cli.client().modules.getConfig(id);
      cli.out.print(JSON.stringify(options.schema ? schema : values, null, 2));
    });
  config
    .command('set <id> <json>')
    .description('replace the configuration with inline JSON or a JSON file; the server names every refused field')
    .option('--merge', 'merge into the current configuration instead of replacing it')
    .addHelpText('after', `\nExamples:\n  neurograph modules config set novelty '{"threshold":0.4}' --merge\n  neurograph modules config set novelty ./novelty.json`)
    .action(async (id: string, json: string, options: { merge?: boolean }) => {
      const values = jsonObject(json, 'config');
      const client = cli.client();
      const module = options.merge ? await client.modules.patchConfig(id, values) : await client.modules.setConfig(id, values);
      cli.out.result(module, () => cli.out.done(`${module.id} configuration ${options.merge ? 'updated' : 'replaced'}`));
    });
}

function showModule(cli: Cli, module: ModuleInfo): void {
  cli.out.result(module, () =>
    cli.out.record({
      id: module.id,
      name: module.name,
      version: module.version,
      description: module.description.en,
      enabled: module.enabled,
      status: module.status,
      'can disable': module.canDisable,
      'depends on': module.dependsOn.join(', ') || '-',
      config: module.config,
      error: module.error,
    }),
  );
}

import type { Command } from 'commander';
import type { Cli } from '../context.js';

export function registerSystem(program: Command, cli: Cli): void {
  program
    .command('status')
    .description('versions, uptime, engine size and the state of every module')
    .action(async () => {
      const status = await cli.client().system.status();
      cli.out.result(status, () => {
        cli.out.record({
          status: status.status,
          versions: Object.entries(status.versions).map(([name, version]) => `${name} ${version}`).join(', '),
          started: status.startedAt,
          uptime: `${Math.round(status.uptimeS)} s`,
          spaces: status.engine.spaces,
          tokens: status.engine.tokens,
          'write backlog': status.engine.writeBacklog,
          'write lag': `${(status.engine.writeLagMs / 1000).toFixed(1)} s`,
        });
        cli.out.print('');
        cli.out.table(status.modules, [
          { header: 'MODULE', value: (m) => m.id },
          { header: 'ENABLED', value: (m) => (m.enabled ? 'yes' : 'no') },
          { header: 'STATUS', value: (m) => m.status },
        ]);
      });
    });

  program
    .command('health')
    .description('readiness of the server and what it depends on (exit 2 when not ready)')
    .option('--probe <probe>', 'live, ready or startup', 'ready')
    .action(async (options: { probe: 'live' | 'ready' | 'startup' }) => {
      const health = await cli.client().system.health(options.probe);
      cli.out.result(health, () => {
        cli.out.print(`${health.status === 'ok' ? cli.out.style('green', 'ok') : cli.out.style('red', health.status)}`);
        const checks = Object.entries(health.details ?? health.info ?? {});
        if (checks.length > 0) cli.out.table(checks, [{ header: 'CHECK', value: ([name]) => name }, { header: 'STATUS', value: ([, check]) => check.status }]);
      });
    });
}

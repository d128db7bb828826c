import type { Cdna, CdnaSettings, ProfileName } from '@neurograph/sdk';
import type { Command } from 'commander';
import type { Cli } from '../context.js';
import { ExitCode } from '../errors.js';
import { jsonObject, parseInteger } from '../input.js';

export function registerCdna(program: Command, cli: Cli): void {
  const cdna = program.command('cdna').description('the constitution: the limits the guardian enforces');

  cdna
    .command('show')
    .description('the current CDNA (and a running quarantine, if any)')
    .action(async () => {
      const state = await cli.client().cdna.get();
      cli.out.result(state, () => {
        showCdna(cli, state.cdna);
        if (state.quarantine) cli.out.warn(`a candidate CDNA is in quarantine: ${JSON.stringify(state.quarantine)}`);
      });
    });

  cdna
    .command('profiles')
    .description('the built-in profiles')
    .action(async () => {
      const { profiles } = await cli.client().cdna.profiles();
      cli.out.result(profiles, () =>
        cli.out.table(profiles, [
          { header: 'PROFILE', value: (p) => p.name },
          { header: 'PLASTICITY', value: (p) => p.settings.plasticity, numeric: true },
          { header: 'EVOLUTION', value: (p) => p.settings.evolutionRate, numeric: true },
          { header: 'NOVELTY', value: (p) => p.settings.noveltyThreshold, numeric: true },
          { header: 'MERGE RADIUS', value: (p) => p.settings.mergeRadius, numeric: true },
        ]),
      );
    });

  cdna
    .command('apply <profile>')
    .description('switch to a built-in profile (a new version)')
    .action(async (profile: string) => {
      const applied = await cli.client().cdna.applyProfile(profile as ProfileName);
      cli.out.result(applied, () => cli.out.done(`profile ${applied.profile} applied as version ${applied.version}`));
    });

  cdna
    .command('validate <file>')
    .description('check a CDNA document (JSON: the settings, or {"cdna": settings}) without applying it; exit 1 when invalid')
    .action(async (file: string) => {
      const document = jsonObject(file, 'CDNA document');
      const settings = (typeof document['cdna'] === 'object' && document['cdna'] !== null ? document['cdna'] : document) as Partial<CdnaSettings>;
      const validation = await cli.client().cdna.validate(settings);
      cli.out.result(validation, () => {
        if (validation.valid) cli.out.done(`${file} is a valid CDNA`);
        for (const issue of validation.errors) cli.out.error(`${issue.field}: ${issue.message}`);
      });
      if (!validation.valid) process.exitCode = ExitCode.usage;
    });

  cdna
    .command('history')
    .description('earlier versions, newest first')
    .option('--limit <n>', 'how many', '20')
    .action(async (options: { limit: string }) => {
      const page = await cli.client().cdna.history({ limit: parseInteger(options.limit, '--limit', 1) });
      cli.out.result(page, () =>
        cli.out.table(page.items, [
          { header: 'VERSION', value: (h) => h.version, numeric: true },
          { header: 'TIME', value: (h) => h.at },
          { header: 'AUTHOR', value: (h) => h.author },
          { header: 'PROFILE', value: (h) => h.after.profile },
          { header: 'REASON', value: (h) => h.reason },
        ]),
      );
    });

  cdna
    .command('rollback <version>')
    .description('return to an earlier version (recorded as a new version)')
    .action(async (version: string) => {
      const restored = await cli.client().cdna.rollback(parseInteger(version, 'VERSION', 1));
      cli.out.result(restored, () => cli.out.done(`rolled back to version ${version}; now version ${restored.version}`));
    });
}

function showCdna(cli: Cli, cdna: Cdna): void {
  cli.out.record({
    version: cdna.version,
    profile: cdna.profile,
    updated: cdna.updatedAt,
    plasticity: cdna.plasticity,
    'evolution rate': cdna.evolutionRate,
    'novelty threshold': cdna.noveltyThreshold,
    'merge radius': cdna.mergeRadius,
    'dimension scales': cdna.dimensionScales.join(', '),
    quotas: cdna.quotas,
  });
}

import type { NeuroGraph, ProblemDetails, SignalRequest, SignalResult } from '@neurograph/sdk';
import { type Command, Option } from 'commander';
import type { Cli } from '../context.js';
import { problemLine, UsageError } from '../errors.js';
import { parseInteger, parseVector, readJsonl } from '../input.js';
import { Progress } from '../progress.js';

/** The server takes up to 1000 signals per batch; 500 keeps each request well under its body limit. */
const BATCH_SIZE = 500;

interface EmitOptions {
  text?: string;
  vector?: string;
  file?: string;
  space?: string;
  sensor?: string;
  type?: string;
}

export interface UploadReport {
  total: number;
  processed: number;
  novel: number;
  failures: { line: number; code: string; detail: string; errors?: ProblemDetails['errors'] }[];
}

export function registerSignals(program: Command, cli: Cli): void {
  const signals = program.command('signals').description('send signals and read the signal log');

  signals
    .command('emit')
    .description('send one signal (--text or --vector) or a JSONL file of signals (--file, one request object per line)')
    .addOption(new Option('--text <text>', 'a chat message (sensor text.chat)').conflicts(['vector', 'file']))
    .addOption(new Option('--vector <v1,…,v8>', 'eight comma-separated numbers').conflicts('file'))
    .option('--file <path>', 'JSONL: one signal per line, e.g. {"vector":[…],"tags":["a"]} or {"payload":"…"}')
    .option('--space <space>', 'semantic space (default: the server default)')
    .option('--sensor <id>', 'sensor id (lines of --file that name none get this one)')
    .option('--type <type>', 'signal type')
    .addHelpText('after', '\nExamples:\n  neurograph signals emit --text "the pump is vibrating"\n  neurograph signals emit --vector 0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8 --space sensors\n  neurograph signals emit --file readings.jsonl --sensor numeric')
    .action(async (options: EmitOptions) => {
      const client = cli.client();
      if (options.file) return reportUpload(cli, await upload(client, options.file, options));
      if (options.text !== undefined) return showResult(cli, await client.signals.emitText({ text: options.text, space: options.space }));
      if (options.vector !== undefined) {
        return showResult(cli, await client.signals.emit({ vector: parseVector(options.vector), space: options.space, sensor: options.sensor, type: options.type }));
      }
      throw new UsageError('signals emit needs --text, --vector or --file');
    });

  signals
    .command('list')
    .description('the signal log, newest first')
    .option('--space <space>', 'only this space')
    .option('--type <type>', 'only this signal type')
    .option('--since <time>', 'only signals after this ISO time (or a duration ago: 10m, 2h, 1d)')
    .option('--novel', 'only signals that created a new token')
    .option('--limit <n>', 'how many', '20')
    .action(async (options: { space?: string; type?: string; since?: string; novel?: boolean; limit: string }) => {
      const page = await cli.client().signals.list({
        space: options.space,
        type: options.type,
        since: options.since === undefined ? undefined : parseSince(options.since),
        novel: options.novel,
        limit: parseInteger(options.limit, '--limit', 1),
      });
      cli.out.result(page, () =>
        cli.out.table(page.items, [
          { header: 'ID', value: (s) => s.id },
          { header: 'TIME', value: (s) => s.createdAt },
          { header: 'SPACE', value: (s) => s.space },
          { header: 'TYPE', value: (s) => s.type },
          { header: 'TOKEN', value: (s) => s.tokenId, numeric: true },
          { header: 'NOVEL', value: (s) => (s.isNovel ? 'yes' : '') },
          { header: 'ANOMALY', value: (s) => s.result.anomalyScore, numeric: true },
        ]),
      );
    });
}

async function upload(client: NeuroGraph, path: string, defaults: EmitOptions): Promise<UploadReport> {
  const rows = readJsonl(path);
  const report: UploadReport = { total: rows.length, processed: 0, novel: 0, failures: [] };
  const progress = new Progress(rows.length, 'signals');
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    const chunk = rows.slice(start, start + BATCH_SIZE);
    const requests = chunk.map(({ value }) => ({ space: defaults.space, sensor: defaults.sensor, type: defaults.type, ...value }) as SignalRequest);
    // Each signal gets a client id, so a retried chunk cannot be learned twice.
    const { results } = await client.signals.emitBatch(requests, { retries: 2 });
    chunk.forEach(({ line }, i) => {
      const result = results[i];
      if (result && 'error' in result) report.failures.push({ line, code: result.error.code, detail: result.error.detail, errors: result.error.errors });
      else if (result) {
        report.processed += 1;
        if (result.isNovel) report.novel += 1;
      }
    });
    progress.advance(chunk.length);
  }
  progress.finish();
  return report;
}

function reportUpload(cli: Cli, report: UploadReport): void {
  cli.out.result(report, () => {
    cli.out.done(`${report.processed}/${report.total} signals processed, ${report.novel} novel`);
    for (const failure of report.failures.slice(0, 20)) {
      // The server names fields by their place in the batch (`signals.17.vector`); the line number says that already.
      cli.out.error(`line ${failure.line}: ${problemLine(failure.detail, `[${failure.code}]`, failure.errors, (field) => field.replace(/^signals\.\d+\./, ''))}`);
    }
    if (report.failures.length > 20) cli.out.error(`… and ${report.failures.length - 20} more failed lines`);
  });
  if (report.failures.length > 0) process.exitCode = 2;
}

function showResult(cli: Cli, result: SignalResult): void {
  cli.out.result(result, () => cli.out.record({
    signal: result.signalId,
    token: `${result.tokenId}${result.created ? ' (new)' : ''}`,
    novel: result.isNovel,
    anomaly: result.anomalyScore,
    neighbours: result.neighbors.map((n) => `${n.tokenId} (${n.similarity.toFixed(3)})`).join(', ') || '-',
    actions: result.triggeredActions.map((a) => `${a.type}: ${a.status}`).join(', ') || '-',
    delivered: result.delivered,
    'processing µs': result.processingTimeUs,
  }));
}

const DURATION = /^(\d+)\s*(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** An ISO time, or a duration back from now. */
function parseSince(text: string): string {
  const duration = DURATION.exec(text);
  if (duration) return new Date(Date.now() - Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS]).toISOString();
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw new UsageError(`--since must be an ISO time or a duration like 10m, got "${text}"`);
  return time.toISOString();
}

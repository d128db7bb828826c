import { Injectable } from '@nestjs/common';
import { MetricsService } from './metrics.service.js';

export type Probe = () => Promise<void>;

/** One probe's answer: `error` says why it is down. */
export interface ProbeResult {
  name: string;
  error?: string;
}

const PROBE_TIMEOUT_MS = 2000;

/**
 * What the health endpoints ask: every part that must work for the process to serve registers a
 * probe (database, Redis, engine), and start-up is over when the app says so.
 */
@Injectable()
export class Readiness {
  private readonly probes = new Map<string, Probe>();
  private started = false;

  constructor(metrics: MetricsService) {
    // Probed at scrape time, so an alert sees a dependency go down even when nobody calls /health/ready.
    metrics.gauge('neurograph_dependency_up', 'Whether each dependency (database, redis, engine) answered its probe when scraped', ['dependency'], async (gauge) => {
      gauge.reset();
      for (const result of await this.check()) gauge.set({ dependency: result.name }, result.error === undefined ? 1 : 0);
    });
  }

  register(name: string, probe: Probe): void {
    this.probes.set(name, probe);
  }

  markStarted(): void {
    this.started = true;
  }

  get hasStarted(): boolean {
    return this.started;
  }

  /** Every probe at once, each given at most two seconds. */
  check(): Promise<ProbeResult[]> {
    return Promise.all(
      [...this.probes].map(([name, probe]) =>
        withTimeout(probe(), PROBE_TIMEOUT_MS).then(
          () => ({ name }),
          (error: unknown) => ({ name, error: error instanceof Error ? error.message : String(error) }),
        ),
      ),
    );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

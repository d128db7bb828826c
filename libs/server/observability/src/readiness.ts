import { Injectable } from '@nestjs/common';

export type Probe = () => Promise<void>;

/**
 * What the health endpoints ask: every part that must work for the process to serve registers a
 * probe (database, Redis, engine), and start-up is over when the app says so.
 */
@Injectable()
export class Readiness {
  private readonly probes = new Map<string, Probe>();
  private started = false;

  register(name: string, probe: Probe): void {
    this.probes.set(name, probe);
  }

  markStarted(): void {
    this.started = true;
  }

  get hasStarted(): boolean {
    return this.started;
  }

  entries(): [string, Probe][] {
    return [...this.probes];
  }
}

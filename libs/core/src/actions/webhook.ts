import type { FieldIssue } from '../common/errors.js';
import type { Executor } from './types.js';

export interface WebhookSettings {
  /** Hosts (exact names, or `*.example.com`) requests may go to; empty = the executor is off. */
  allowHosts: string[];
  timeoutMs: number;
  retries: number;
  /** First retry delay; doubles each time. */
  backoffMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = { allowHosts: [], timeoutMs: 5000, retries: 2, backoffMs: 200 };

/**
 * Addresses a webhook must never reach whatever the allow-list says: link-local (cloud metadata
 * lives at 169.254.169.254) and the other well-known metadata endpoints. Names are checked as
 * written; resolution-time checks belong to the server's HTTP agent.
 */
export function forbiddenHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (/^169\.254\./.test(host) || host === '100.100.100.200' || host === 'metadata.google.internal' || host === 'metadata') return true;
  if (/^fe[89ab][0-9a-f]:/.test(host) || host === 'fd00:ec2::254') return true;
  return false;
}

export function hostAllowed(hostname: string, allowHosts: readonly string[]): boolean {
  const host = hostname.toLowerCase();
  return allowHosts.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.') ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p;
  });
}

/** `webhook`: HTTP POST of the signal (or a given body) with a timeout, retries with backoff and an allow-list. */
export function webhookExecutor(settings: () => WebhookSettings, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Executor {
  return {
    type: 'webhook',
    validate(params) {
      const issues: FieldIssue[] = [];
      let url: URL | null = null;
      try {
        url = new URL(String(params.url));
      } catch {
        issues.push({ field: 'params.url', rule: 'url', message: 'must be an absolute http(s) URL' });
      }
      if (url && url.protocol !== 'http:' && url.protocol !== 'https:') issues.push({ field: 'params.url', rule: 'protocol', message: 'must use http or https' });
      if (url && forbiddenHost(url.hostname)) issues.push({ field: 'params.url', rule: 'forbiddenHost', message: 'link-local and metadata addresses are never allowed' });
      return issues;
    },
    async execute(params, context) {
      const { allowHosts, timeoutMs, retries, backoffMs } = settings();
      const url = new URL(String(params.url));
      if (forbiddenHost(url.hostname)) throw new Error(`host ${url.hostname} is forbidden`);
      if (!hostAllowed(url.hostname, allowHosts)) throw new Error(allowHosts.length === 0 ? 'webhooks are off: no host is allowed' : `host ${url.hostname} is not in the allow-list`);
      const body = JSON.stringify(params.body ?? { ruleId: context.ruleId, signal: context.doc });
      let lastError = '';
      for (let attempt = 0; attempt <= retries; attempt++) {
        if (attempt > 0) await sleep(backoffMs * 2 ** (attempt - 1));
        if (context.signal.aborted) throw new Error('aborted');
        const timeout = AbortSignal.timeout(timeoutMs);
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': 'neurograph-webhook' },
            body,
            redirect: 'error',
            signal: AbortSignal.any([timeout, context.signal]),
          });
          if (response.ok) return { status: response.status, attempts: attempt + 1 };
          lastError = `HTTP ${response.status}`;
          if (response.status < 500 && response.status !== 429) break;
        } catch (error) {
          lastError = timeout.aborted ? `timed out after ${timeoutMs} ms` : (error as Error).message;
        }
      }
      throw new Error(`webhook failed: ${lastError}`);
    },
  };
}

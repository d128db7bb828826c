import { AsyncResource } from 'node:async_hooks';

/**
 * Node 20 adds a deprecated `asyncResource` accessor to every function `AsyncResource.bind`
 * returns, made with `deprecate()`, which re-parents a fresh function each time
 * (nodejs/node#58218). V8 keeps those objects past young-generation collections. Fastify binds
 * one function per request body, so on Node 20 about a third of what a POST allocates was
 * promoted and scavenges took 4–9 ms instead of under 1 (a bare Fastify POST route: 3.5 MB
 * promoted per scavenge, 4 KB with this). Node 24 no longer adds the property (DEP0172,
 * End-of-Life); this gives older versions that same bind, and does nothing where it is already so.
 */
export function bindWithoutDeprecatedProperty(): void {
  if (!('asyncResource' in new AsyncResource('neurograph.probe').bind(() => undefined))) return;
  AsyncResource.prototype.bind = function bind(this: AsyncResource, fn: Callable, thisArg?: unknown) {
    const run = this.runInAsyncScope.bind(this);
    const bound =
      thisArg === undefined
        ? function (this: unknown, ...args: unknown[]) {
            return run(fn, this, ...args);
          }
        : run.bind(undefined, fn, thisArg);
    Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, value: fn.length, writable: false });
    return bound;
  } as AsyncResource['bind'];
}

type Callable = (...args: unknown[]) => unknown;

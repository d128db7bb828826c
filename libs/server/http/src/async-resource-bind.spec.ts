import { AsyncResource, executionAsyncId } from 'node:async_hooks';
import { bindWithoutDeprecatedProperty } from './async-resource-bind';

describe('AsyncResource.bind without the deprecated property', () => {
  it('still runs the function in the resource’s scope, with its this, arguments and length, and adds no asyncResource', () => {
    bindWithoutDeprecatedProperty();
    const resource = new AsyncResource('test.resource');
    const seen: unknown[] = [];
    const bound = resource.bind(function (this: unknown, a: number, b: number) {
      seen.push(executionAsyncId(), this, a + b);
      return 'done';
    });
    const receiver = { name: 'receiver' };
    expect(bound.call(receiver, 1, 2)).toBe('done');
    expect(seen).toEqual([resource.asyncId(), receiver, 3]);
    expect(bound.length).toBe(2);
    expect('asyncResource' in bound).toBe(false);

    // Node accepts a thisArg (since 14.8); @types/node 20 declares only fn.
    const bindTo = resource.bind as (fn: () => unknown, thisArg: unknown) => () => unknown;
    const fixed = bindTo.call(resource, function (this: unknown) {
      return this;
    }, receiver);
    expect(fixed.call({ other: true })).toBe(receiver);
    expect('asyncResource' in AsyncResource.bind(() => undefined)).toBe(false);
  });
});

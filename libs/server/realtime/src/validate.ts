import { isValidEventType } from '@neurograph/core';
import { CHANNELS, type Channel, isChannel } from '@neurograph/rbac';
import { ApiError } from '@neurograph/server-http';

const SPACE_NAME = /^[a-z0-9_-]{1,64}$/;

/** The payload of a client event as an object, or an error naming what it is instead. */
export function objectPayload(payload: unknown): Record<string, unknown> {
  if (payload === undefined) return {};
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw ApiError.validation('payload', 'type', 'must be an object');
  return payload as Record<string, unknown>;
}

export function channelList(value: unknown, field = 'channels'): Channel[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > CHANNELS.length) {
    throw ApiError.validation(field, 'type', `must be an array of 1 to ${CHANNELS.length} channel names`);
  }
  return value.map((channel, i) => {
    if (!isChannel(channel)) throw ApiError.validation(`${field}.${i}`, 'channel', `must be one of ${CHANNELS.join(', ')}`);
    return channel;
  });
}

export function oneChannel(value: unknown, field = 'channel'): Channel {
  if (!isChannel(value)) throw ApiError.validation(field, 'channel', `must be one of ${CHANNELS.join(', ')}`);
  return value;
}

export function optionalSpace(value: unknown, field = 'space'): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !SPACE_NAME.test(value)) throw ApiError.validation(field, 'pattern', 'must be 1–64 lowercase letters, digits, _ or -');
  return value;
}

export function optionalEventType(value: unknown, field = 'type'): string | undefined {
  if (value === undefined) return undefined;
  if (!isValidEventType(value)) throw ApiError.validation(field, 'pattern', 'must be a dotted lowercase event type such as alert.raised');
  return value as string;
}

/**
 * Whether a JSON value is larger than `limit` bytes once serialised, without serialising it: the
 * walk stops as soon as the limit is passed, so a huge payload costs little to refuse.
 */
export function exceedsBytes(value: unknown, limit: number): boolean {
  let budget = limit;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') budget -= item.length + 2;
    else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        budget -= key.length + 4;
        stack.push(child);
      }
    } else budget -= 8;
    if (budget < 0) return true;
  }
  return false;
}

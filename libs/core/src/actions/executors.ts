import type { FieldIssue } from '../common/errors.js';
import { isValidEventType } from '../events/event-types.js';
import { renderTemplate } from './template.js';
import type { Executor } from './types.js';

const stringParam = (params: Record<string, unknown>, name: string, required = true): FieldIssue[] =>
  params[name] === undefined && !required ? [] : typeof params[name] === 'string' && (params[name] as string).length > 0 ? [] : [{ field: `params.${name}`, rule: 'type', message: 'must be a non-empty string' }];

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  ruleId: string;
  at: string;
}

/** `log`: a templated line in a bounded in-memory log (the server also writes it to its logger). */
export function logExecutor(sink: (line: LogLine) => void, now: () => number = Date.now): Executor {
  return {
    type: 'log',
    validate: (params) => [
      ...stringParam(params, 'message'),
      ...(params.level === undefined || ['info', 'warn', 'error'].includes(params.level as string) ? [] : [{ field: 'params.level', rule: 'enum', message: 'must be info, warn or error' }]),
    ],
    execute(params, context) {
      const line: LogLine = { level: (params.level as LogLine['level']) ?? 'info', message: renderTemplate(params.message as string, context.doc), ruleId: context.ruleId, at: new Date(now()).toISOString() };
      sink(line);
      return line;
    },
  };
}

/** `emit`: an internal signal, e.g. `{type: 'alert.raised', vector: [...]}` or a payload for a sensor. */
export const emitExecutor: Executor = {
  type: 'emit',
  validate: (params) => (params.type !== undefined && !isValidEventType(params.type) ? [{ field: 'params.type', rule: 'pattern', message: 'must be a valid event type' }] : []),
  execute(params, context) {
    const { sensorId, type, vector, payload, space } = params as Record<string, unknown>;
    const input: Record<string, unknown> = { parentId: context.doc.id, metadata: { emittedBy: context.ruleId } };
    for (const [key, value] of Object.entries({ sensorId, type, space })) if (value !== undefined) input[key] = value;
    input.vector = vector ?? (payload === undefined ? context.doc.vector : undefined);
    if (payload !== undefined) input.payload = typeof payload === 'string' ? renderTemplate(payload, context.doc) : payload;
    if (input.vector === undefined) delete input.vector;
    return context.emit(input);
  },
};

/** `notify`: publishes an event (default type `action.notify`) carrying a templated message. */
export const notifyExecutor: Executor = {
  type: 'notify',
  validate: (params) => (params.event !== undefined && !isValidEventType(params.event) ? [{ field: 'params.event', rule: 'pattern', message: 'must be a valid event type' }] : []),
  execute(params, context) {
    const event = (params.event as string) ?? 'action.notify';
    const message = typeof params.message === 'string' ? renderTemplate(params.message, context.doc) : undefined;
    const payload = { ruleId: context.ruleId, signalId: context.doc.id, type: context.doc.type, message, result: context.doc.result };
    context.publish(event, payload);
    return { event, message };
  },
};

/** `reply`: a templated text answer, returned in the emit result and published as `action.reply`. */
export const replyExecutor: Executor = {
  type: 'reply',
  validate: (params) => stringParam(params, 'template'),
  execute(params, context) {
    const text = renderTemplate(params.template as string, context.doc);
    const reply = { text, signalId: context.doc.id, sequenceId: context.doc.sequenceId };
    context.publish('action.reply', reply);
    return reply;
  },
};

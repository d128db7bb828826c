export { ActionController, type ActionSettings, DEFAULT_ACTION_SETTINGS } from './action-controller.js';
export { emitExecutor, type LogLine, logExecutor, notifyExecutor, replyExecutor } from './executors.js';
export { compileRule, DEFAULT_RULES } from './rules.js';
export { renderTemplate } from './template.js';
export type { ActionExecution, ActionPath, ActionSpec, ActionStatus, ExecutionContext, Executor, Rule } from './types.js';
export { DEFAULT_WEBHOOK_SETTINGS, forbiddenHost, hostAllowed, webhookExecutor, type WebhookSettings } from './webhook.js';

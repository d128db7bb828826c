export { ActionController, type ActionSettings, DEFAULT_ACTION_SETTINGS } from './action-controller';
export { emitExecutor, type LogLine, logExecutor, notifyExecutor, replyExecutor } from './executors';
export { compileRule, DEFAULT_RULES } from './rules';
export { renderTemplate } from './template';
export type { ActionExecution, ActionPath, ActionSpec, ActionStatus, ExecutionContext, Executor, Rule } from './types';
export { DEFAULT_WEBHOOK_SETTINGS, forbiddenHost, hostAllowed, webhookExecutor, type WebhookSettings } from './webhook';

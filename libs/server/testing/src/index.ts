// Helpers for the integration suites of the server apps (never imported by production code).
export * from './realtime-client.js';
export * from './processes.js';
export * from './monitoring-files.js';
export * from './requirements.js';

export { descriptorIssues, type Localized, type ModuleDescriptor, type ModuleStatus } from './descriptor.js';
export { ModuleError, type ModuleErrorCode, type ModuleIssue } from './errors.js';
export { LatencyHistogram } from './histogram.js';
export { ModuleMetrics, type ModuleMetricsSnapshot } from './metrics.js';
export { type Plugin, PluginHost, type PluginKind } from './plugins.js';
export { type ModuleEvent, type ModuleEventType, type ModuleHooks, type ModuleRecord, ModuleRegistry, type ModuleState, type RegistrySnapshot } from './registry.js';
export { type JsonSchema, type JsonType, schemaIssues, validate as validateConfig, withDefaults } from './schema.js';
export { compareVersions, isVersion, parseVersion, satisfies, type Version } from './semver.js';

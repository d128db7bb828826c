export { descriptorIssues, type Localized, type ModuleDescriptor, type ModuleStatus } from './descriptor';
export { ModuleError, type ModuleErrorCode, type ModuleIssue } from './errors';
export { LatencyHistogram } from './histogram';
export { ModuleMetrics, type ModuleMetricsSnapshot } from './metrics';
export { type Plugin, PluginHost, type PluginKind } from './plugins';
export { type ModuleEvent, type ModuleEventType, type ModuleHooks, type ModuleRecord, ModuleRegistry, type ModuleState, type RegistrySnapshot } from './registry';
export { type JsonSchema, type JsonType, schemaIssues, validate as validateConfig, withDefaults } from './schema';
export { compareVersions, isVersion, parseVersion, satisfies, type Version } from './semver';

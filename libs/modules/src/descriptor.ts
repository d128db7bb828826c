import type { ModuleIssue } from './errors.js';
import { type JsonSchema, schemaIssues } from './schema.js';
import { isVersion } from './semver.js';

export interface Localized {
  en: string;
  ru: string;
}

/** What a module is (static): spec 01-core.md §7. */
export interface ModuleDescriptor {
  id: string;
  name: string;
  /** Semantic version of the module. */
  version: string;
  description: Localized;
  canDisable: boolean;
  configurable: boolean;
  configSchema: JsonSchema;
  /** Shown before a disable that has wide effects. */
  disableWarning?: Localized;
  /** Modules that must be enabled for this one to be. */
  dependsOn: string[];
}

export type ModuleStatus = 'active' | 'disabled' | 'degraded' | 'error';

const ID = /^[a-z][a-z0-9_]{1,63}$/;

export function descriptorIssues(d: ModuleDescriptor): ModuleIssue[] {
  const issues: ModuleIssue[] = [];
  const add = (field: string, rule: string, message: string) => issues.push({ field, rule, message });
  if (d === null || typeof d !== 'object') return [{ field: 'descriptor', rule: 'type', message: 'must be an object' }];
  if (typeof d.id !== 'string' || !ID.test(d.id)) add('id', 'pattern', 'must be 2–64 characters of [a-z0-9_], starting with a letter');
  if (typeof d.name !== 'string' || d.name.length === 0 || d.name.length > 100) add('name', 'type', 'must be a string of 1–100 characters');
  if (!isVersion(d.version)) add('version', 'semver', 'must be a semantic version such as 1.2.3');
  for (const field of ['description', 'disableWarning'] as const) {
    const text = d[field];
    if (text === undefined && field === 'disableWarning') continue;
    if (!text || typeof text.en !== 'string' || typeof text.ru !== 'string' || !text.en || !text.ru) add(field, 'localized', 'needs non-empty en and ru texts');
  }
  if (typeof d.canDisable !== 'boolean') add('canDisable', 'type', 'must be a boolean');
  if (typeof d.configurable !== 'boolean') add('configurable', 'type', 'must be a boolean');
  issues.push(...schemaIssues(d.configSchema));
  if (!Array.isArray(d.dependsOn) || d.dependsOn.some((id) => typeof id !== 'string')) add('dependsOn', 'type', 'must be an array of module ids');
  else if (d.dependsOn.includes(d.id)) add('dependsOn', 'self', 'a module cannot depend on itself');
  return issues;
}

import type { ModuleIssue } from './errors.js';

/**
 * The JSON Schema subset module configs use: type, enum, const, properties, required,
 * additionalProperties, items, min/max (and exclusive), minLength/maxLength, pattern,
 * minItems/maxItems, default, description. Written here rather than pulled in, so the library
 * stays dependency-free in browsers; anything outside the subset is refused when a module
 * registers, so no schema is silently half-checked.
 */
export interface JsonSchema {
  type?: JsonType | JsonType[];
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  title?: string;
}

export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

const KNOWN = new Set([
  'type', 'description', 'enum', 'const', 'default', 'properties', 'required', 'additionalProperties', 'items', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'title', '$schema',
]);

/** Problems of a schema itself (keywords outside the subset, bad patterns). */
export function schemaIssues(schema: unknown, at = 'configSchema'): ModuleIssue[] {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return [{ field: at, rule: 'type', message: 'must be a JSON Schema object' }];
  const s = schema as Record<string, unknown>;
  const issues: ModuleIssue[] = [];
  for (const key of Object.keys(s)) if (!KNOWN.has(key)) issues.push({ field: `${at}.${key}`, rule: 'unsupported', message: `keyword "${key}" is not supported` });
  if (typeof s.pattern === 'string') {
    try {
      new RegExp(s.pattern, 'u');
    } catch {
      issues.push({ field: `${at}.pattern`, rule: 'regex', message: 'is not a valid regular expression' });
    }
  }
  if (s.properties && typeof s.properties === 'object') {
    for (const [name, child] of Object.entries(s.properties as Record<string, unknown>)) issues.push(...schemaIssues(child, `${at}.properties.${name}`));
  }
  if (s.items) issues.push(...schemaIssues(s.items, `${at}.items`));
  if (s.additionalProperties && typeof s.additionalProperties === 'object') issues.push(...schemaIssues(s.additionalProperties, `${at}.additionalProperties`));
  return issues;
}

/** Every way `value` breaks `schema`, each naming the field (`config.queueSize`) and the keyword. */
export function validate(schema: JsonSchema, value: unknown, at = 'config'): ModuleIssue[] {
  const issues: ModuleIssue[] = [];
  const fail = (rule: string, message: string, field = at) => issues.push({ field, rule, message });
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, t))) {
      fail('type', `must be ${types.join(' or ')}`);
      return issues;
    }
  }
  if (schema.enum && !schema.enum.some((e) => same(e, value))) fail('enum', `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  if (schema.const !== undefined && !same(schema.const, value)) fail('const', `must be ${JSON.stringify(schema.const)}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) fail('minimum', `must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) fail('maximum', `must be <= ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) fail('exclusiveMinimum', `must be > ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) fail('exclusiveMaximum', `must be < ${schema.exclusiveMaximum}`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) fail('minLength', `must have at least ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) fail('maxLength', `must have at most ${schema.maxLength} characters`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) fail('pattern', `must match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) fail('minItems', `must have at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) fail('maxItems', `must have at most ${schema.maxItems} items`);
    if (schema.items) value.forEach((item, i) => issues.push(...validate(schema.items as JsonSchema, item, `${at}.${i}`)));
  }
  if (isObject(value)) {
    for (const name of schema.required ?? []) if (!(name in value)) fail('required', 'is required', `${at}.${name}`);
    for (const [name, child] of Object.entries(value)) {
      const declared = schema.properties?.[name];
      if (declared) issues.push(...validate(declared, child, `${at}.${name}`));
      else if (schema.additionalProperties === false) fail('additionalProperties', 'is not a known setting', `${at}.${name}`);
      else if (typeof schema.additionalProperties === 'object') issues.push(...validate(schema.additionalProperties, child, `${at}.${name}`));
    }
  }
  return issues;
}

/** A copy of `value` with the schema's defaults filled in where a property is missing. */
export function withDefaults(schema: JsonSchema, value: unknown): unknown {
  if (value === undefined && schema.default !== undefined) return structuredCopy(schema.default);
  if (!isObject(value) || !schema.properties) return value;
  const out: Record<string, unknown> = { ...value };
  for (const [name, child] of Object.entries(schema.properties)) {
    const filled = withDefaults(child, out[name]);
    if (filled !== undefined) out[name] = filled;
  }
  return out;
}

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * The JSON Schemas of what the api answers, generated from the TypeScript types of
 * @neurograph/contracts (the types the SDK returns), for the OpenAPI document's responses.
 *
 * `nx run api:openapi-schemas` writes them to src/app/response-schemas.json; the contracts test
 * fails when that file is not what this generator makes from the current types.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';

const ROOT = join(__dirname, '../../..');
export const RESPONSE_SCHEMAS_FILE = join(ROOT, 'apps/api/src/app/response-schemas.json');

export type Schema = { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; allOf?: Schema[]; anyOf?: Schema[]; enum?: unknown[]; description?: string };

/** Each response schema's name in the document → its type, in terms of `C`, the contracts. */
export const RESPONSE_TYPES: Record<string, string> = {
  SignalResult: 'C.SignalResult',
  BatchResponse: 'C.BatchResponse',
  SignalPage: 'C.Page<C.SignalRecord>',
  SignalRecord: 'C.SignalRecord',
  SpacePage: 'C.Page<C.SpaceSummary>',
  SpaceSummary: 'C.SpaceSummary',
  SpaceStats: 'C.SpaceStats',
  Projection: 'C.Projection',
  SearchResponse: 'C.SearchResponse',
  Influence: '{ influence: number }',
  Density: '{ density: number; radius: number }',
  TokenPage: 'C.Page<C.Token>',
  Token: 'C.Token',
  Edge: 'C.Edge',
  Edges: '{ edges: C.Edge[] }',
  PathResponse: 'C.PathResponse',
  ActivateResponse: 'C.ActivateResponse',
  Subgraph: 'C.Subgraph',
  ModuleList: 'C.ModuleList',
  ModuleInfo: 'C.ModuleInfo',
  ModuleConfig: 'C.ModuleConfig',
  ModuleMetricsSnapshot: 'C.ModuleMetricsSnapshot',
  CdnaState: 'C.CdnaState',
  Cdna: 'C.Cdna',
  CdnaExport: 'Record<string, unknown>',
  CdnaProfiles: '{ profiles: C.CdnaProfile[] }',
  CdnaHistoryPage: 'C.Page<C.CdnaHistoryEntry>',
  CdnaValidation: 'C.CdnaValidation',
  QuarantineStatus: 'C.QuarantineStatus',
  SensorPage: 'C.Page<C.Sensor>',
  Sensor: 'C.Sensor',
  RulePage: 'C.Page<C.Rule>',
  Rule: 'C.Rule',
  ActionPage: 'C.Page<C.ActionExecution>',
  LoginResponse: 'C.LoginResponse',
  TokenPair: 'C.TokenPair',
  Me: 'C.Me',
  User: 'C.User',
  UserPage: 'C.Page<C.User>',
  ApiKey: 'C.ApiKey',
  CreatedApiKey: 'C.CreatedApiKey',
  ApiKeyPage: 'C.Page<C.ApiKey>',
  SystemStatus: 'C.SystemStatus',
  Health: 'C.Health',
  AuditPage: 'C.Page<C.AuditEntry>',
  Channels: 'C.ChannelsResponse',
  BroadcastResponse: 'C.BroadcastResponse',
  ProblemDetails: 'C.ProblemDetails',
};

/**
 * JSON Schemas (draft-07, as OpenAPI 3.1 reads them) of `types` and of every type they use, by
 * name; `$ref`s point at `#/definitions/<name>`, names may hold `<>` (generic instances).
 */
export function contractSchemas(types: Record<string, string>): Record<string, Schema> {
  const dir = mkdtempSync(join(tmpdir(), 'neurograph-contracts-'));
  try {
    // A `Wire_` alias per entry: an alias named like the type it stands for would be a second definition of that name.
    const aliases = Object.entries(types).map(([name, type]) => `export type Wire_${name} = ${type};`);
    writeFileSync(join(dir, 'entry.ts'), [`import type * as C from '@neurograph/contracts';`, ...aliases].join('\n'));
    // The generator does not follow `extends`: the workspace's options (and its path aliases) are spelled out.
    const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, baseUrl: ROOT, lib: ['ES2022', 'DOM'], types: [] }, files: ['entry.ts'] }));
    const generator = createGenerator({ path: join(dir, 'entry.ts'), tsconfig: join(dir, 'tsconfig.json'), expose: 'export', topRef: true, jsDoc: 'none', skipTypeCheck: true });
    return (generator.createSchema('*') as { definitions: Record<string, Schema> }).definitions;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const COMPONENT_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * The schemas of RESPONSE_TYPES as OpenAPI components: named as in the table, every type they use
 * beside them, `$ref`s into `#/components/schemas/`. A generic instance (`Page<Token>`) takes the
 * table's name for it; an entry that only renames a contract type refers to it.
 */
export function responseSchemas(): Record<string, Schema> {
  const definitions = contractSchemas(RESPONSE_TYPES);
  const targetOf = (schema: Schema) => (schema.$ref && Object.keys(schema).length === 1 ? decodeURIComponent(schema.$ref.replace('#/definitions/', '')) : undefined);
  const wireSchema = (name: string) => {
    const schema = definitions[`Wire_${name}`];
    if (!schema) throw new Error(`${name}: the contract produced no schema`);
    return schema;
  };
  const targets = new Map(Object.keys(RESPONSE_TYPES).map((name) => [name, targetOf(wireSchema(name))]));
  const renamed = new Map<string, string>();
  for (const [name, target] of targets) if (target && !COMPONENT_NAME.test(target)) renamed.set(target, name);
  const components: Record<string, Schema> = {};
  for (const [name, schema] of Object.entries(definitions)) {
    if (name.startsWith('Wire_')) {
      const entry = name.slice('Wire_'.length);
      const target = targets.get(entry);
      if (target === entry || (target && renamed.has(target))) continue;
      components[entry] = schema;
    } else {
      const componentName = renamed.get(name) ?? name;
      if (!COMPONENT_NAME.test(componentName)) throw new Error(`${name} is used by a response but has no valid component name: give it an entry of its own`);
      components[componentName] = schema;
    }
  }
  const json = JSON.stringify(components).replace(/"#\/definitions\/([^"]+)"/g, (_, ref: string) => {
    const name = decodeURIComponent(ref);
    return JSON.stringify(`#/components/schemas/${renamed.get(name) ?? name}`);
  });
  const rewritten = JSON.parse(json) as Record<string, Schema>;
  return Object.fromEntries(Object.entries(rewritten).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

if (require.main === module) {
  writeFileSync(RESPONSE_SCHEMAS_FILE, `${JSON.stringify(responseSchemas(), null, 2)}\n`);
  console.log(`wrote ${RESPONSE_SCHEMAS_FILE}`);
}

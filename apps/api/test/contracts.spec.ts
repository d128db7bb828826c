import { readFileSync } from 'node:fs';
import { NeuroGraph } from '@neurograph/sdk';
import { FAKE_ADMIN_PASSWORD, FAKE_API_KEY, FakeServer } from '@neurograph/sdk/testing';
import Ajv, { type ValidateFunction } from 'ajv';
import { contractSchemas, RESPONSE_SCHEMAS_FILE, type RESPONSE_TYPES, responseSchemas, type Schema } from '../scripts/response-schemas';
import { ADMIN_PASSWORD, freshStorage, type RunningApi, startApi, type Storage, vec } from './harness';

/**
 * @neurograph/contracts and the API agree, both ways:
 * - every request body of the OpenAPI document has a contract type with the same fields, the same
 *   required ones and compatible JSON types;
 * - the document's response schemas are the ones generated from the contract types now, and every
 *   JSON route declares one;
 * - real responses of the running api validate against the document's response schemas (no field
 *   missing, none unexpected, every type right).
 */

/** Request body of each operation → the contract type that describes it. */
const REQUESTS: Record<string, string> = {
  'POST /api/v1/auth/login': 'LoginRequest',
  'POST /api/v1/auth/refresh': 'RefreshRequest',
  'POST /api/v1/auth/logout': 'LogoutRequest',
  'POST /api/v1/auth/change-password': 'ChangePasswordRequest',
  'POST /api/v1/users': 'CreateUserRequest',
  'PATCH /api/v1/users/{id}': 'UpdateUserRequest',
  'POST /api/v1/api-keys': 'CreateApiKeyRequest',
  'POST /api/v1/signals': 'SignalRequest',
  'POST /api/v1/signals/batch': 'BatchRequest',
  'POST /api/v1/signals/text': 'TextSignalRequest',
  'POST /api/v1/spaces': 'CreateSpaceRequest',
  'POST /api/v1/spaces/{space}/tokens': 'CreateTokenRequest',
  'PATCH /api/v1/spaces/{space}/tokens/{id}': 'TokenPatch',
  'POST /api/v1/spaces/{space}/search': 'SearchRequest',
  'POST /api/v1/spaces/{space}/edges': 'CreateEdgeRequest',
  'POST /api/v1/spaces/{space}/activate': 'ActivateRequest',
  'PUT /api/v1/modules/{id}/enabled': 'SetEnabledRequest',
  'PUT /api/v1/modules/{id}/config': 'ModuleConfigRequest',
  'PATCH /api/v1/modules/{id}/config': 'ModuleConfigRequest',
  'PUT /api/v1/cdna': 'CdnaUpdateRequest',
  'POST /api/v1/cdna/validate': 'CdnaValidateRequest',
  'POST /api/v1/cdna/quarantine': 'QuarantineRequest',
  'POST /api/v1/cdna/quarantine/stop': 'QuarantineStopRequest',
  'POST /api/v1/cdna/import': 'CdnaImportRequest',
  'POST /api/v1/sensors': 'CreateSensorRequest',
  'PATCH /api/v1/sensors/{id}': 'SensorPatch',
  'POST /api/v1/rules': 'CreateRuleRequest',
  'PATCH /api/v1/rules/{id}': 'RulePatch',
  'POST /api/v1/realtime/broadcast': 'BroadcastRequest',
};
const REQUESTS_BY_TYPE = Object.fromEntries(Object.values(REQUESTS).map((name) => [name, `C.${name}`]));

/** Routes whose success is not JSON. */
const TEXT_ROUTES = ['GET /api/v1/metrics'];

type Operation = {
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};

/** Follows `$ref`s and merges `allOf` (intersections) into one object schema. */
function resolve(schema: Schema, definitions: Record<string, Schema>): Schema {
  if (schema.$ref) return resolve(definitions[decodeURIComponent(schema.$ref.replace(/^#\/(definitions|components\/schemas)\//, ''))]!, definitions);
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => resolve(part, definitions));
    return { type: 'object', properties: Object.assign({}, ...parts.map((p) => p.properties)), required: parts.flatMap((p) => p.required ?? []) };
  }
  return schema;
}

/** The JSON types a schema admits, or undefined when it does not say (any, refs to unions…). */
function jsonTypes(schema: Schema, definitions: Record<string, Schema>): Set<string> | undefined {
  const resolved = resolve(schema, definitions);
  if (resolved.anyOf) {
    const all = resolved.anyOf.map((s) => jsonTypes(s, definitions));
    return all.some((t) => t === undefined) ? undefined : new Set(all.flatMap((t) => [...t!]));
  }
  if (resolved.type === undefined) return resolved.enum ? new Set(resolved.enum.map((v) => (v === null ? 'null' : typeof v))) : undefined;
  const types = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
  return new Set(types.map((t) => (t === 'integer' ? 'number' : t)));
}

describe('@neurograph/contracts agrees with the API', () => {
  let storage: Storage;
  let api: RunningApi;
  let definitions: Record<string, Schema>;
  let openapi: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

  beforeAll(async () => {
    definitions = contractSchemas(REQUESTS_BY_TYPE);
    storage = await freshStorage();
    api = await startApi(storage.env);
    openapi = (await (await fetch(`${api.url}/openapi.json`)).json()) as typeof openapi;
  }, 60_000);
  afterAll(async () => {
    await api.close();
    await storage.dispose();
  });

  it('every request body of the OpenAPI document has a contract type with the same fields, required fields and JSON types', () => {
    const bodies = Object.entries(openapi.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => operation.requestBody)
        .map(([method, operation]) => ({ operation: `${method.toUpperCase()} ${path}`, schema: operation.requestBody!.content['application/json']!.schema })),
    );
    expect(bodies.map((b) => b.operation).sort()).toEqual(Object.keys(REQUESTS).sort());

    const drift: string[] = [];
    for (const { operation, schema } of bodies) {
      const contract = resolve(definitions[`Wire_${REQUESTS[operation]}`]!, definitions);
      const dto = resolve(schema, openapi.components.schemas);
      const [contractFields, dtoFields] = [Object.keys(contract.properties ?? {}).sort(), Object.keys(dto.properties ?? {}).sort()];
      if (contractFields.join() !== dtoFields.join()) drift.push(`${operation}: fields ${dtoFields.join(',')} in OpenAPI, ${contractFields.join(',')} in ${REQUESTS[operation]}`);
      const [contractRequired, dtoRequired] = [[...(contract.required ?? [])].sort(), [...(dto.required ?? [])].sort()];
      if (contractRequired.join() !== dtoRequired.join()) drift.push(`${operation}: required ${dtoRequired.join(',')} in OpenAPI, ${contractRequired.join(',')} in ${REQUESTS[operation]}`);
      for (const field of dtoFields.filter((f) => contractFields.includes(f))) {
        const [a, b] = [jsonTypes(dto.properties![field]!, openapi.components.schemas), jsonTypes(contract.properties![field]!, definitions)];
        if (a && b && ![...a].some((t) => b.has(t))) drift.push(`${operation}: ${field} is ${[...a].join('|')} in OpenAPI, ${[...b].join('|')} in ${REQUESTS[operation]}`);
      }
    }
    expect(drift).toEqual([]);
  });

  it('the response schemas are generated from the contract types as they are now', () => {
    expect(JSON.parse(readFileSync(RESPONSE_SCHEMAS_FILE, 'utf8'))).toEqual(responseSchemas());
  }, 60_000);

  it('every route declares its answer: a JSON schema on success, a problem document on error', () => {
    const undeclared: string[] = [];
    for (const [path, item] of Object.entries(openapi.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const name = `${method.toUpperCase()} ${path}`;
        const [status, success] = Object.entries(operation.responses).find(([code]) => code.startsWith('2'))!;
        const schema = success.content?.['application/json']?.schema;
        if (status !== '204' && !TEXT_ROUTES.includes(name) && !schema?.$ref) undeclared.push(`${name} (${status})`);
        if (schema?.$ref && !openapi.components.schemas[schema.$ref.replace('#/components/schemas/', '')]) undeclared.push(`${name}: ${schema.$ref} is not in the document`);
        if (operation.responses.default?.content?.['application/problem+json']?.schema.$ref !== '#/components/schemas/ProblemDetails') undeclared.push(`${name}: no problem document on error`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  /** `check(schema, value)` records where a value breaks a response schema of the document; `failures` lists them. */
  function checker() {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validators = new Map<string, ValidateFunction>();
    const failures: string[] = [];
    const check = <T>(name: keyof typeof RESPONSE_TYPES, value: T): T => {
      if (!validators.has(name)) validators.set(name, ajv.compile({ $ref: `#/components/schemas/${name}`, components: openapi.components }));
      const validate = validators.get(name)!;
      if (!validate(JSON.parse(JSON.stringify(value)))) failures.push(`${name}: ${validate.errors!.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('; ')}`);
      return value;
    };
    return { check, failures };
  }

  it('real responses validate against the response schemas of the OpenAPI document (nothing missing, nothing extra, types right)', async () => {
    const { check, failures } = checker();
    const admin = new NeuroGraph({ baseUrl: api.origin, username: 'admin', password: ADMIN_PASSWORD });

    check('LoginResponse', await admin.auth.login('admin', ADMIN_PASSWORD));
    check('Me', await admin.auth.me());
    const signal = check('SignalResult', await admin.signals.emit({ space: 'wire', vector: vec(0.1), tags: ['a'] }));
    check('SignalResult', await admin.signals.emitText({ text: 'a kettle boils', space: 'wire' }));
    check('BatchResponse', await admin.signals.emitBatch([{ space: 'wire', vector: vec(0.9) }, { space: 'wire', vector: [1] }]));
    check('SignalPage', await admin.signals.list({ space: 'wire' }));
    check('SignalRecord', await admin.signals.get(signal.signalId));
    check('SpacePage', await admin.spaces.list());
    check('SpaceSummary', await admin.spaces.get('wire'));
    check('SpaceStats', await admin.spaces.stats('wire'));
    check('Projection', await admin.spaces.projection('wire'));
    check('SearchResponse', await admin.spaces.search('wire', { vector: vec(0.1), k: 2 }));
    check('TokenPage', await admin.tokens.list('wire'));
    const a = check('Token', await admin.tokens.create('wire', { vector: vec(0.3, 0.3), label: 'a' }));
    const b = check('Token', await admin.tokens.get('wire', signal.tokenId));
    check('Edge', await admin.graph.connect('wire', { from: a.id, to: b.id, weight: 0.5 }));
    check('Edges', await admin.graph.edges('wire', a.id));
    check('PathResponse', await admin.graph.path('wire', a.id, b.id));
    check('ActivateResponse', await admin.graph.activate('wire', { start: a.id }));
    check('Subgraph', await admin.graph.subgraph('wire', a.id));
    check('ModuleList', await admin.modules.list());
    check('ModuleInfo', await admin.modules.disable('intuition_engine'));
    check('ModuleInfo', await admin.modules.enable('intuition_engine'));
    check('ModuleConfig', await admin.modules.getConfig('grid'));
    check('ModuleMetricsSnapshot', await admin.modules.metrics('grid'));
    check('CdnaState', await admin.cdna.get());
    check('CdnaProfiles', await admin.cdna.profiles());
    check('Cdna', await admin.cdna.applyProfile('explorer'));
    check('CdnaHistoryPage', await admin.cdna.history());
    check('CdnaValidation', await admin.cdna.validate({ plasticity: 7 }));
    check('QuarantineStatus', await admin.cdna.startQuarantine({ plasticity: 0.2 }, 60_000));
    check('CdnaState', await admin.cdna.get());
    check('Cdna', await admin.cdna.stopQuarantine(false));
    check('SensorPage', await admin.sensors.list());
    check('Sensor', await admin.sensors.get('vector'));
    check('RulePage', await admin.rules.list());
    check('UserPage', await admin.users.list());
    check('User', await admin.users.create({ username: 'wire-viewer', password: 'wire-viewer-password', role: 'viewer' }));
    check('CreatedApiKey', await admin.apiKeys.create({ name: 'wire' }));
    check('ApiKeyPage', await admin.apiKeys.list());
    check('SystemStatus', await admin.system.status());
    check('Health', await admin.system.health());
    check('AuditPage', await admin.system.audit());
    check('Channels', await admin.system.channels());
    const problem = await fetch(`${api.url}/modules/nope`, { headers: { authorization: `Bearer ${admin.auth.tokens!.accessToken}` } });
    check('ProblemDetails', await problem.json());
    expect(failures).toEqual([]);
  });

  it('the SDK testing fake answers as the same schemas say', async () => {
    const { check, failures } = checker();
    const server = new FakeServer();
    const client = new NeuroGraph(server.clientOptions({ username: 'admin', password: FAKE_ADMIN_PASSWORD }));
    const signal = check('SignalResult', await client.signals.emit({ space: 'wire', vector: vec(0.1), tags: ['a'] }));
    check('SignalResult', await client.signals.emitText({ text: 'a kettle boils', space: 'wire' }));
    check('BatchResponse', await client.signals.emitBatch([{ space: 'wire', vector: vec(0.9) }, { space: 'wire', vector: [1] }]));
    check('SignalPage', await client.signals.list({ space: 'wire' }));
    check('SignalRecord', await client.signals.get(signal.signalId));
    check('SpacePage', await client.spaces.list());
    check('SpaceSummary', await client.spaces.get('wire'));
    check('SpaceStats', await client.spaces.stats('wire'));
    check('SearchResponse', await client.spaces.search('wire', { text: 'kettle', k: 2 }));
    check('TokenPage', await client.tokens.list('wire'));
    check('Token', await client.tokens.create('wire', { vector: vec(0.3, 0.3), label: 'a' }));
    check('ModuleList', await client.modules.list());
    check('ModuleInfo', await client.modules.disable('intuition_engine'));
    check('ModuleConfig', await client.modules.getConfig('grid'));
    check('ModuleMetricsSnapshot', await client.modules.metrics('grid'));
    check('CdnaState', await client.cdna.get());
    check('CdnaProfiles', await client.cdna.profiles());
    check('Cdna', await client.cdna.applyProfile('explorer'));
    check('CdnaHistoryPage', await client.cdna.history());
    check('CdnaValidation', await client.cdna.validate({ plasticity: 7 }));
    check('QuarantineStatus', await client.cdna.startQuarantine({ plasticity: 0.2 }, 60_000));
    check('CdnaState', await client.cdna.get());
    check('Cdna', await client.cdna.stopQuarantine(true));
    check('Me', await client.auth.me());
    check('SensorPage', await client.sensors.list());
    check('User', await client.users.create({ username: 'wire-viewer', password: 'wire-viewer-password', role: 'viewer' }));
    check('UserPage', await client.users.list());
    check('CreatedApiKey', await client.apiKeys.create({ name: 'wire' }));
    check('ApiKeyPage', await client.apiKeys.list());
    check('AuditPage', await client.system.audit());
    check('SystemStatus', await client.system.status());
    check('Health', await client.system.health());
    const problem = await server.fetch(`${server.clientOptions().baseUrl}/api/v1/modules/nope`, { headers: { 'x-api-key': FAKE_API_KEY } });
    check('ProblemDetails', await problem.json());
    expect(failures).toEqual([]);
  });
});

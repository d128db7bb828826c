import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '@neurograph/contracts';
import { CORE_VERSION } from '@neurograph/core';
import responseSchemas from './response-schemas.json';

export const OPENAPI_PATH = 'api/v1/openapi.json';
export const DOCS_PATH = 'api/docs';

/** The OpenAPI 3.1 document built from the controllers and DTOs, served as JSON and as interactive docs. */
export function mountOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('NeuroGraph API')
    .setDescription('Signals in, learned structure out. Errors are RFC 9457 problem documents (application/problem+json).')
    .setVersion(CORE_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT or ng_live_ API key' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
  const document = describeResponses(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: OPENAPI_PATH, raw: ['json'] });
  return document;
}

const SCHEMAS: Record<string, object> = responseSchemas;
type Responses = Record<string, { description: string; content?: object }>;
const PROBLEM_RESPONSE = { description: 'An RFC 9457 problem document naming what was wrong', content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } } };

/**
 * Puts the schema each route `@Returns` on its success response, and the problem document on
 * every route's errors; the schemas are generated from @neurograph/contracts (scripts/response-schemas.ts).
 */
function describeResponses(document: OpenAPIObject): OpenAPIObject {
  const clash = Object.keys(SCHEMAS).filter((name) => document.components?.schemas?.[name]);
  if (clash.length > 0) throw new Error(`Response schemas named like request DTOs: ${clash.join(', ')}`);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...SCHEMAS } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as { 'x-returns'?: string; responses?: Responses }[]) {
      const responses: Responses = (operation.responses = { ...operation.responses, default: PROBLEM_RESPONSE });
      const name = operation['x-returns'];
      if (name === undefined) continue;
      if (!SCHEMAS[name]) throw new Error(`${path}: @Returns('${name}') names no response schema`);
      const success = Object.entries(responses).find(([code]) => code.startsWith('2'));
      if (!success) throw new Error(`${path}: @Returns('${name}') on a route without a success response`);
      const [status, response] = success;
      responses[status] = { ...response, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } };
      delete operation['x-returns'];
    }
  }
  return document;
}

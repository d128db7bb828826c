import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { CORE_VERSION } from '@neurograph/core';

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
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: OPENAPI_PATH, raw: ['json'] });
  return document;
}

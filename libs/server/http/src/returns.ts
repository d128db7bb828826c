import { ApiExtension } from '@nestjs/swagger';

/**
 * What a route answers with: the name of a response schema of the api's OpenAPI document (a
 * contract type of @neurograph/contracts). The document puts that schema on the route's success
 * response; a name it does not know stops the api at start-up.
 */
export const Returns = (schema: string) => ApiExtension('x-returns', schema);

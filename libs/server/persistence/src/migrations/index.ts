import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { EdgesPerToken1765000000000 } from './1765000000000-edges-per-token.js';
import { TokenColumns1766000000000 } from './1766000000000-token-columns.js';

/** Every migration in order; the app and `nx run api:migrate` apply the same list. */
export const MIGRATIONS = [InitialSchema1764000000000, EdgesPerToken1765000000000, TokenColumns1766000000000];

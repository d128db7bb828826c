import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const API_KEY_PREFIX = 'ng_live_';
const API_KEY_SHAPE = /^ng_live_[A-Za-z0-9_-]{43}$/;

/** Argon2id (the library's default algorithm) with OWASP's minimum memory and time costs. */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Secrets stored only as a hash: refresh tokens and API keys have 256 bits of entropy, so SHA-256 suffices. */
export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function newApiKey(): string {
  return API_KEY_PREFIX + randomSecret(32);
}

export function looksLikeApiKey(value: string): boolean {
  return API_KEY_SHAPE.test(value);
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A password for the first admin when none is configured (embedded development mode only). */
export function generatedPassword(): string {
  return randomSecret(18);
}

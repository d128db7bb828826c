import type { Permission, Role } from '@neurograph/rbac';
import type { IsoDate } from './common.js';

export interface LoginRequest {
  username: string;
  password: string;
}

export interface RefreshRequest {
  refreshToken: string;
}

export interface LogoutRequest {
  refreshToken?: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** What `POST /auth/refresh` answers; `POST /auth/login` adds the user. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Lifetime of the access token in seconds. */
  expiresIn: number;
}

export interface LoginResponse extends TokenPair {
  user: { id: string; username: string; email: string | null; role: Role };
}

export interface User {
  id: string;
  username: string;
  email: string | null;
  role: Role;
  disabled: boolean;
  createdAt: IsoDate;
}

/** `GET /auth/me`: who the credentials belong to and what they may do. */
export interface Me extends User {
  permissions: Permission[];
  via: 'user' | 'apiKey';
  apiKeyId: string | null;
}

export interface CreateUserRequest {
  username: string;
  email?: string;
  password: string;
  role: Role;
}

export interface UpdateUserRequest {
  email?: string;
  role?: Role;
  disabled?: boolean;
  password?: string;
}

export interface ApiKey {
  id: string;
  userId: string;
  name: string;
  /** The first 12 characters, to recognise a key without revealing it. */
  prefix: string;
  scopes: Permission[];
  rateLimitPerSecond: number | null;
  expiresAt: IsoDate | null;
  lastUsedAt: IsoDate | null;
  revoked: boolean;
  createdAt: IsoDate;
}

export interface CreateApiKeyRequest {
  name: string;
  scopes?: Permission[];
  expiresAt?: IsoDate;
  rateLimitPerSecond?: number;
}

/** The key itself appears in this response only. */
export interface CreatedApiKey {
  key: string;
  apiKey: ApiKey;
}

import { ApiKeyEntity } from './api-key.entity.js';
import { ActionLogEntity, AuditEntryEntity, CdnaVersionEntity, ModuleStateEntity, RuleEntity, SensorEntity, SpaceEntity } from './engine-state.entity.js';
import { EdgesEntity, SignalEntity, TokenEntity } from './learning.entity.js';
import { RefreshSessionEntity } from './refresh-session.entity.js';
import { UserEntity } from './user.entity.js';

export * from './api-key.entity.js';
export * from './engine-state.entity.js';
export * from './learning.entity.js';
export * from './refresh-session.entity.js';
export * from './user.entity.js';

export const ENTITIES = [
  UserEntity,
  RefreshSessionEntity,
  ApiKeyEntity,
  SpaceEntity,
  TokenEntity,
  EdgesEntity,
  SignalEntity,
  ActionLogEntity,
  RuleEntity,
  SensorEntity,
  ModuleStateEntity,
  CdnaVersionEntity,
  AuditEntryEntity,
];

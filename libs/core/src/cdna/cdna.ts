import { type FieldIssue } from '../common/errors.js';
import { DIMENSIONS } from '../common/vector.js';
import type { LearningParameters } from '../space/learning-parameters.js';

export const PROFILES = ['balanced', 'explorer', 'analyst', 'creative'] as const;
export type ProfileName = (typeof PROFILES)[number];

export interface CdnaQuotas {
  maxTokensPerSpace: number;
  maxEdgesPerToken: number;
  maxSignalsPerSecond: number;
  maxPayloadBytes: number;
}

/** The constitution: what governs learning and what the guardian enforces (spec §6). */
export interface Cdna {
  version: number;
  profile: ProfileName | 'custom';
  dimensionScales: number[];
  plasticity: number;
  evolutionRate: number;
  noveltyThreshold: number;
  mergeRadius: number;
  quotas: CdnaQuotas;
  updatedAt: string;
}

/** The editable part of a CDNA (version and time are the constitution's to set). */
export type CdnaSettings = Omit<Cdna, 'version' | 'updatedAt'>;

const BASE_QUOTAS: CdnaQuotas = { maxTokensPerSpace: 1_000_000, maxEdgesPerToken: 64, maxSignalsPerSecond: 100_000, maxPayloadBytes: 65_536 };

export const PROFILE_SETTINGS: Readonly<Record<ProfileName, CdnaSettings>> = Object.freeze({
  balanced: { profile: 'balanced', dimensionScales: [1, 1, 1, 1, 1, 1, 1, 1], plasticity: 0.1, evolutionRate: 0.05, noveltyThreshold: 0.12, mergeRadius: 0.04, quotas: BASE_QUOTAS },
  explorer: { profile: 'explorer', dimensionScales: [1, 1.2, 1, 1, 1, 1, 1, 1.2], plasticity: 0.3, evolutionRate: 0.2, noveltyThreshold: 0.08, mergeRadius: 0.03, quotas: BASE_QUOTAS },
  analyst: {
    profile: 'analyst',
    dimensionScales: [1.5, 1, 1, 0.5, 2, 1, 1, 1.5],
    plasticity: 0.05,
    evolutionRate: 0.02,
    noveltyThreshold: 0.18,
    mergeRadius: 0.05,
    quotas: { maxTokensPerSpace: 500_000, maxEdgesPerToken: 32, maxSignalsPerSecond: 20_000, maxPayloadBytes: 32_768 },
  },
  creative: { profile: 'creative', dimensionScales: [0.8, 1.5, 0.8, 2.5, 1, 1.2, 0.7, 2.5], plasticity: 0.25, evolutionRate: 0.15, noveltyThreshold: 0.1, mergeRadius: 0.035, quotas: BASE_QUOTAS },
});

export interface CdnaValidation {
  valid: boolean;
  errors: FieldIssue[];
  warnings: FieldIssue[];
}

const KEYS = new Set(['version', 'profile', 'dimensionScales', 'plasticity', 'evolutionRate', 'noveltyThreshold', 'mergeRadius', 'quotas', 'updatedAt']);
const QUOTA_LIMITS: Record<keyof CdnaQuotas, [number, number]> = {
  maxTokensPerSpace: [1, 100_000_000],
  maxEdgesPerToken: [1, 10_000],
  maxSignalsPerSecond: [1, 10_000_000],
  maxPayloadBytes: [1024, 10 * 1024 * 1024],
};

/** Checks a candidate constitution: errors make it unusable, warnings flag legal but risky choices. */
export function validateCdna(candidate: unknown): CdnaValidation {
  const errors: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  const error = (field: string, rule: string, message: string) => errors.push({ field, rule, message });
  const warn = (field: string, rule: string, message: string) => warnings.push({ field, rule, message });
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) {
    return { valid: false, errors: [{ field: 'cdna', rule: 'type', message: 'must be an object' }], warnings };
  }
  const c = candidate as Record<string, unknown>;
  for (const key of Object.keys(c)) if (!KEYS.has(key)) error(key, 'unknown', 'is not a CDNA field');

  if (!(c.profile === 'custom' || PROFILES.includes(c.profile as ProfileName))) error('profile', 'enum', `must be one of ${[...PROFILES, 'custom'].join(', ')}`);
  const scales = c.dimensionScales;
  if (!Array.isArray(scales) || scales.length !== DIMENSIONS) error('dimensionScales', 'length', `must be an array of ${DIMENSIONS} numbers`);
  else {
    let ok = true;
    scales.forEach((s, i) => {
      if (typeof s !== 'number' || !Number.isFinite(s) || s < 0.1 || s > 10) {
        error(`dimensionScales.${i}`, 'range', 'must be a number in [0.1, 10]');
        ok = false;
      } else if (s === 0.1 || s === 10) warn(`dimensionScales.${i}`, 'bound', 'sits at a bound of its range');
    });
    if (ok) {
      const sum = (scales as number[]).reduce((a, b) => a + b, 0);
      const ratio = Math.max(...(scales as number[])) / Math.min(...(scales as number[]));
      if (sum < 4 || sum > 40) error('dimensionScales', 'sum', `must sum to a value in [4, 40], got ${round(sum)}`);
      if (ratio > 10) error('dimensionScales', 'ratio', `no scale may exceed 10× another, got ${round(ratio)}×`);
    }
  }
  unit(c.plasticity, 'plasticity', error);
  unit(c.evolutionRate, 'evolutionRate', error);
  if (typeof c.plasticity === 'number' && c.plasticity > 0.8) warn('plasticity', 'high', 'above 0.8 tokens follow every signal and forget quickly');
  open(c.noveltyThreshold, 'noveltyThreshold', error);
  open(c.mergeRadius, 'mergeRadius', error);
  if (typeof c.noveltyThreshold === 'number' && c.noveltyThreshold < 0.03) warn('noveltyThreshold', 'low', 'below 0.03 almost every signal is novel');
  if (typeof c.mergeRadius === 'number' && typeof c.noveltyThreshold === 'number' && c.mergeRadius >= c.noveltyThreshold) {
    error('mergeRadius', 'order', 'must be smaller than noveltyThreshold');
  }
  const quotas = c.quotas as Record<string, unknown> | undefined;
  if (quotas === null || typeof quotas !== 'object' || Array.isArray(quotas)) error('quotas', 'type', 'must be an object');
  else {
    for (const key of Object.keys(quotas)) if (!(key in QUOTA_LIMITS)) error(`quotas.${key}`, 'unknown', 'is not a quota');
    for (const [key, [min, max]] of Object.entries(QUOTA_LIMITS)) {
      const v = quotas[key];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) error(`quotas.${key}`, 'integer', `must be an integer in [${min}, ${max}]`);
    }
    if (typeof quotas.maxPayloadBytes === 'number' && quotas.maxPayloadBytes > 65_536) warn('quotas.maxPayloadBytes', 'large', 'payloads above 64 KiB are stored inline and slow every read');
  }
  return { valid: errors.length === 0, errors, warnings };
}

/** What the engine's learning takes from the constitution. */
export function toLearningParameters(cdna: CdnaSettings): Partial<LearningParameters> {
  return {
    dimensionScales: [...cdna.dimensionScales],
    noveltyThreshold: cdna.noveltyThreshold,
    mergeRadius: cdna.mergeRadius,
    plasticity: cdna.plasticity,
    maxTokensPerSpace: cdna.quotas.maxTokensPerSpace,
    maxEdgesPerToken: cdna.quotas.maxEdgesPerToken,
  };
}

function unit(v: unknown, field: string, error: (f: string, r: string, m: string) => void): void {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) error(field, 'range', 'must be a number in [0, 1]');
}

function open(v: unknown, field: string, error: (f: string, r: string, m: string) => void): void {
  if (typeof v !== 'number' || !(v > 0 && v < 1)) error(field, 'range', 'must be a number in (0, 1)');
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

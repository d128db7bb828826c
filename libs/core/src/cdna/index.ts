export { type Cdna, type CdnaQuotas, type CdnaSettings, type CdnaValidation, PROFILE_SETTINGS, PROFILES, type ProfileName, toLearningParameters, validateCdna } from './cdna.js';
export { CDNA_EXPORT_FORMAT, type CdnaChange, type CdnaEvent, type CdnaHistoryEntry, type CdnaPatch, Constitution, diff, type QuarantineStatus } from './constitution.js';

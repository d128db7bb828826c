/** Limits of a signal (spec 01-core.md §1); one place, used by validation and documented in the API. */
export const SIGNAL_LIMITS = Object.freeze({
  typeMaxLength: 128,
  idMaxLength: 128,
  spaceMaxLength: 64,
  maxTags: 32,
  tagMaxLength: 64,
  maxPayloadBytes: 64 * 1024,
  maxMetadataBytes: 8 * 1024,
  priorityMax: 255,
});

export const SPACE_NAME = /^[a-z0-9_-]{1,64}$/;
/** Client-supplied ids: printable, no spaces, so they are safe in URLs and logs. */
export const CLIENT_ID = /^[A-Za-z0-9._:~-]{1,128}$/;

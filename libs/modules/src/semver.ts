/** The part of semantic versioning a plugin check needs: x.y.z (+ prerelease) and ranges. */
export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: string;
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text: string): Version | null {
  const m = typeof text === 'string' ? VERSION.exec(text.trim()) : null;
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] ?? '' } : null;
}

export function isVersion(text: unknown): boolean {
  return typeof text === 'string' && parseVersion(text) !== null;
}

export function compareVersions(a: Version, b: Version): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === '') return 1; // 1.0.0 > 1.0.0-rc.1
  if (b.prerelease === '') return -1;
  return a.prerelease < b.prerelease ? -1 : 1;
}

/**
 * Whether a version satisfies a range: `*`, exact `1.2.3`, `^1.2.3`, `~1.2.3`, comparators
 * `>=1.2.0 <2.0.0` (space = and), and alternatives joined by `||`. Returns null for an unreadable range.
 */
export function satisfies(versionText: string, range: string): boolean | null {
  const version = parseVersion(versionText);
  if (!version || typeof range !== 'string') return null;
  let readable = true;
  const result = range.split('||').some((alternative) => {
    const parts = alternative.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) return true;
    return parts.every((part) => {
      const ok = comparator(version, part);
      if (ok === null) readable = false;
      return ok === true;
    });
  });
  return readable ? result : null;
}

function comparator(v: Version, part: string): boolean | null {
  if (part === '*' || part === 'x') return true;
  const m = /^(\^|~|>=|<=|>|<|=)?(.+)$/.exec(part);
  const target = m && parseVersion(m[2]);
  if (!m || !target) return null;
  const c = compareVersions(v, target);
  switch (m[1]) {
    case '^':
      if (c < 0) return false;
      if (target.major > 0) return v.major === target.major;
      if (target.minor > 0) return v.major === 0 && v.minor === target.minor;
      return v.major === 0 && v.minor === 0 && v.patch === target.patch;
    case '~':
      return c >= 0 && v.major === target.major && v.minor === target.minor;
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '<':
      return c < 0;
    default:
      return c === 0;
  }
}

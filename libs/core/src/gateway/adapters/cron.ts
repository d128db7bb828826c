import { validationError } from '../../common/errors.js';

/** A parsed 5-field schedule `minute hour day-of-month month day-of-week` (UTC). */
export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Cron's rule: when both day fields are restricted, either may match. */
  dayOr: boolean;
}

const FIELDS: [name: string, min: number, max: number][] = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['dayOfMonth', 1, 31],
  ['month', 1, 12],
  ['dayOfWeek', 0, 7],
];

/** Parses `*`, lists `a,b`, ranges `a-b` and steps `*\/n`, `a-b/n`; Sunday is 0 or 7. */
export function parseCron(expression: string): CronSchedule {
  const parts = typeof expression === 'string' ? expression.trim().split(/\s+/) : [];
  if (parts.length !== 5) throw validationError([{ field: 'schedule', rule: 'fields', message: 'must have 5 fields: minute hour day-of-month month day-of-week' }]);
  const sets = parts.map((part, i) => parseField(part, ...FIELDS[i]));
  const weekdays = new Set([...sets[4]].map((d) => d % 7));
  return { minutes: sets[0], hours: sets[1], days: sets[2], months: sets[3], weekdays, dayOr: parts[2] !== '*' && parts[4] !== '*' };
}

function parseField(part: string, name: string, min: number, max: number): Set<number> {
  const values = new Set<number>();
  for (const item of part.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!match) throw validationError([{ field: `schedule.${name}`, rule: 'syntax', message: `cannot read "${item}"` }]);
    const from = match[1] === '*' ? min : Number(match[2]);
    const to = match[1] === '*' ? max : match[3] !== undefined ? Number(match[3]) : match[4] !== undefined ? max : from;
    const step = match[4] !== undefined ? Number(match[4]) : 1;
    if (from < min || to > max || from > to || step < 1) throw validationError([{ field: `schedule.${name}`, rule: 'range', message: `"${item}" must stay within ${min}-${max}` }]);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

export function cronMatches(schedule: CronSchedule, at: Date): boolean {
  if (!schedule.minutes.has(at.getUTCMinutes()) || !schedule.hours.has(at.getUTCHours()) || !schedule.months.has(at.getUTCMonth() + 1)) return false;
  const day = schedule.days.has(at.getUTCDate());
  const weekday = schedule.weekdays.has(at.getUTCDay());
  return schedule.dayOr ? day || weekday : day && weekday;
}

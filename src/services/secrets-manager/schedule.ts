// Rotation schedules and windows (User Guide, "Rotation schedules"): AutomaticallyAfterDays, rate()
// in hours (at least 4) or days (at most 999), or Secrets Manager's cron(); all in UTC. Rotation
// happens at a random moment inside a window that starts on the hour: midnight for schedules in days,
// the cron time otherwise; it closes after Duration, by default one hour for schedules in hours and the
// end of the UTC day for schedules in days. Day schedules count from the day of the last rotation.
import type { RotationRulesType } from '../../generated/secrets-manager/types.js';
import { parseCron, type CronSchedule } from './cron.js';
import { invalidParameter } from './errors.js';
import { DAY_MS, HOUR_MS, startOfDay, type RotationRulesRecord } from './records.js';

export interface Window {
  start: number;
  end: number;
}

type Parsed =
  | { kind: 'days'; days: number; durationHours?: number }
  | { kind: 'hours'; hours: number; durationHours?: number }
  | { kind: 'cron'; cron: CronSchedule; durationHours?: number };

const RATE = /^rate\((\d+) (hour|hours|day|days)\)$/;

export function validateRules(rules: RotationRulesType): RotationRulesRecord {
  const record: RotationRulesRecord = {};
  if (rules.AutomaticallyAfterDays !== undefined && rules.ScheduleExpression !== undefined) {
    throw invalidParameter('You cannot specify both rotation frequency and schedule expression together.');
  }
  if (rules.AutomaticallyAfterDays !== undefined) record.automaticallyAfterDays = rules.AutomaticallyAfterDays;
  if (rules.ScheduleExpression !== undefined) record.scheduleExpression = rules.ScheduleExpression.trim();
  if (rules.Duration !== undefined) record.duration = rules.Duration;
  parseRules(record);
  return record;
}

export function parseRules(rules: RotationRulesRecord): Parsed | undefined {
  const durationHours = rules.duration === undefined ? undefined : parseDuration(rules.duration);
  let parsed: Parsed | undefined;
  if (rules.automaticallyAfterDays !== undefined) {
    parsed = { kind: 'days', days: rules.automaticallyAfterDays };
  } else if (rules.scheduleExpression !== undefined) {
    const expression = rules.scheduleExpression;
    const rate = RATE.exec(expression);
    if (rate) {
      const value = Number(rate[1]);
      if (rate[2].startsWith('hour')) {
        if (value < 4) throw invalidParameter('The schedule expression must not rotate the secret more often than every four hours.');
        if (value > 999 * 24) throw invalidParameter('The rotation interval must be at most 999 days.');
        parsed = { kind: 'hours', hours: value };
      } else {
        if (value < 1 || value > 999) throw invalidParameter('The rotation interval of a rate expression in days must be from 1 to 999 days.');
        parsed = { kind: 'days', days: value };
      }
    } else if (expression.startsWith('cron(') && expression.endsWith(')')) {
      parsed = { kind: 'cron', cron: parseCron(expression.slice(5, -1)) };
    } else {
      throw invalidParameter(`Invalid ScheduleExpression: ${expression}. Use a rate() or cron() expression.`);
    }
  } else if (durationHours !== undefined) {
    throw invalidParameter('Duration needs a rotation schedule: AutomaticallyAfterDays or ScheduleExpression.');
  }
  if (parsed && durationHours !== undefined) {
    parsed.durationHours = durationHours;
    if (parsed.kind === 'hours' && durationHours > parsed.hours) {
      throw invalidParameter('The rotation window must not extend into the next rotation window: Duration must be at most the hours between rotations.');
    }
    if (parsed.kind === 'cron') {
      const hours = parsed.cron.hours;
      const gap = hours.length > 1 ? Math.min(...hours.slice(1).map((h, i) => h - hours[i])) : 24;
      if (durationHours > gap || hours[hours.length - 1] + durationHours > 24) {
        throw invalidParameter('The rotation window must not extend into the next rotation window or the next UTC day.');
      }
    }
  }
  return parsed;
}

function parseDuration(text: string): number {
  const match = /^(\d+)h$/.exec(text);
  const hours = match ? Number(match[1]) : NaN;
  if (!Number.isInteger(hours) || hours < 1 || hours > 24) throw invalidParameter(`Invalid Duration: ${text}. The rotation window must be from 1h to 24h.`);
  return hours;
}

/** AutomaticallyAfterDays as DescribeSecret reports it for schedules in days. */
export function reportedDays(rules: RotationRulesRecord): number | undefined {
  if (rules.automaticallyAfterDays !== undefined) return rules.automaticallyAfterDays;
  const parsed = parseRules(rules);
  return parsed?.kind === 'days' ? parsed.days : undefined;
}

/**
 * The first rotation window after `after` (ms). `lastRotation` anchors schedules that count from the
 * last rotation (AutomaticallyAfterDays, rate()); windows that already closed are skipped.
 */
export function nextWindow(rules: RotationRulesRecord, after: number, lastRotation: number): Window | undefined {
  const parsed = parseRules(rules);
  if (!parsed) return undefined;
  switch (parsed.kind) {
    case 'days': {
      const length = (parsed.durationHours ?? 24) * HOUR_MS;
      let start = startOfDay(lastRotation) + parsed.days * DAY_MS;
      while (start + length <= after) start += parsed.days * DAY_MS;
      return { start, end: start + length };
    }
    case 'hours': {
      const length = (parsed.durationHours ?? 1) * HOUR_MS;
      let start = Math.floor(lastRotation / HOUR_MS) * HOUR_MS + parsed.hours * HOUR_MS;
      while (start + length <= after) start += parsed.hours * HOUR_MS;
      return { start, end: start + length };
    }
    case 'cron': {
      const start = parsed.cron.next(after);
      const hourly = parsed.cron.hours.length > 1;
      const length = parsed.durationHours !== undefined ? parsed.durationHours * HOUR_MS : hourly ? HOUR_MS : startOfDay(start) + DAY_MS - start;
      return { start, end: start + length };
    }
  }
}

/** A random moment inside the window, not before `now` (AWS picks the time within the window). */
export function momentIn(window: Window, now: number): number {
  const from = Math.max(window.start, now);
  if (from >= window.end) return from;
  return from + Math.floor(Math.random() * (window.end - from));
}

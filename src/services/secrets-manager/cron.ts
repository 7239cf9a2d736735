// Secrets Manager's cron(Minutes Hours Day-of-month Month Day-of-week Year), UTC: minutes must be 0
// (windows start on the hour), the year must be *, one of the day fields must be ?; hours take
// lists, ranges and increments (a/b, resetting each day), days of the month L, days of the week #n
// and L, months and days by number or name. Rotations at most every four hours.
import { invalidParameter } from './errors.js';
import { DAY_MS, HOUR_MS } from './records.js';

export interface CronSchedule {
  /** Hours of the day the windows start at, ascending. */
  hours: number[];
  /** The first window start strictly after `after` (ms), within the next five years. */
  next(after: number): number;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const bad = (expression: string, why: string) => invalidParameter(`Invalid cron expression: cron(${expression}). ${why}`);

function numberOf(token: string, names: string[] | undefined, min: number, max: number, fail: () => Error): number {
  const upper = token.toUpperCase();
  const named = names ? names.indexOf(upper) : -1;
  const value = named >= 0 ? named + min : /^\d+$/.test(token) ? Number(token) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) throw fail();
  return value;
}

// A field of plain values: a star, a, a-b, a/b (increments), and comma-separated lists of those.
function values(field: string, min: number, max: number, names: string[] | undefined, fail: () => Error): Set<number> {
  const result = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : numberOf(stepText, undefined, 1, max, fail);
    let from = min;
    let to = max;
    if (range !== '*' && range !== '') {
      const [a, b] = range.split('-');
      from = numberOf(a, names, min, max, fail);
      to = b === undefined ? (stepText === undefined ? from : max) : numberOf(b, names, min, max, fail);
      if (to < from) throw fail();
    }
    for (let v = from; v <= to; v += step) result.add(v);
  }
  return result;
}

type DayRule = (date: Date) => boolean;

function dayOfMonthRule(field: string, fail: () => Error): DayRule {
  if (field === '*') return () => true;
  if (field === 'L') return (d) => d.getUTCDate() === lastDayOfMonth(d);
  const days = values(field, 1, 31, undefined, fail);
  return (d) => days.has(d.getUTCDate());
}

function dayOfWeekRule(field: string, fail: () => Error): DayRule {
  if (field === '*') return () => true;
  if (field === 'L') return (d) => d.getUTCDay() === 6;
  const nth = /^(\w+)#([1-5])$/.exec(field);
  if (nth) {
    const day = numberOf(nth[1], DAYS, 1, 7, fail) - 1;
    const n = Number(nth[2]);
    return (d) => d.getUTCDay() === day && Math.ceil(d.getUTCDate() / 7) === n;
  }
  const last = /^(\w+)L$/.exec(field);
  if (last) {
    const day = numberOf(last[1], DAYS, 1, 7, fail) - 1;
    return (d) => d.getUTCDay() === day && d.getUTCDate() + 7 > lastDayOfMonth(d);
  }
  const days = values(field, 1, 7, DAYS, fail);
  return (d) => days.has(d.getUTCDay() + 1);
}

const lastDayOfMonth = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();

export function parseCron(expression: string): CronSchedule {
  const fields = expression.trim().split(/\s+/);
  const fail = () => bad(expression, 'See the Secrets Manager cron expression requirements.');
  if (fields.length !== 6) throw bad(expression, 'A cron expression has six fields: minutes, hours, day of month, month, day of week and year.');
  const [minutes, hoursField, dom, monthField, dow, year] = fields;
  if (minutes !== '0') throw bad(expression, 'The minutes field must be 0, because rotation windows start on the hour.');
  if (year !== '*') throw bad(expression, 'The year field must be *.');
  if ((dom === '?') === (dow === '?')) throw bad(expression, 'Use ? in exactly one of the day-of-month and day-of-week fields.');
  const hours = [...values(hoursField === '' ? '*' : hoursField.startsWith('/') ? `0${hoursField}` : hoursField, 0, 23, undefined, fail)].sort((a, b) => a - b);
  for (let i = 1; i < hours.length; i++) {
    if (hours[i] - hours[i - 1] < 4) throw bad(expression, 'Secrets Manager rotates a secret at most every four hours.');
  }
  if (hours.length > 1 && 24 - hours[hours.length - 1] + hours[0] < 4) throw bad(expression, 'Secrets Manager rotates a secret at most every four hours.');
  const months = values(monthField, 1, 12, MONTHS, fail);
  const dayRule = dom === '?' ? dayOfWeekRule(dow, fail) : dayOfMonthRule(dom, fail);
  return {
    hours,
    next(after) {
      const firstDay = Math.floor(after / DAY_MS) * DAY_MS;
      for (let day = firstDay; day < firstDay + 5 * 366 * DAY_MS; day += DAY_MS) {
        const date = new Date(day);
        if (!months.has(date.getUTCMonth() + 1) || !dayRule(date)) continue;
        for (const hour of hours) {
          const start = day + hour * HOUR_MS;
          if (start > after) return start;
        }
      }
      throw bad(expression, 'The expression matches no time in the next five years.');
    },
  };
}

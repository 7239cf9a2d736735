// Rotation windows for AutomaticallyAfterDays, rate() and Secrets Manager's cron(), in UTC.
import { describe, expect, it } from 'vitest';
import { parseCron } from './cron.js';
import { momentIn, nextWindow, validateRules } from './schedule.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('rotation schedules', () => {
  it('counts days from the day of the last rotation, the window being the whole UTC day', () => {
    const w = nextWindow({ automaticallyAfterDays: 3 }, at('2026-03-01T10:00:00Z'), at('2026-03-01T10:00:00Z'))!;
    expect([iso(w.start), iso(w.end)]).toEqual(['2026-03-04T00:00:00.000Z', '2026-03-05T00:00:00.000Z']);
    const narrow = nextWindow({ scheduleExpression: 'rate(1 day)', duration: '2h' }, at('2026-03-01T10:00:00Z'), at('2026-03-01T10:00:00Z'))!;
    expect([iso(narrow.start), iso(narrow.end)]).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-02T02:00:00.000Z']);
  });

  it('rotates hourly schedules on the hour with a one-hour window, skipping windows already closed', () => {
    const w = nextWindow({ scheduleExpression: 'rate(6 hours)' }, at('2026-03-01T20:30:00Z'), at('2026-03-01T10:20:00Z'))!;
    expect([iso(w.start), iso(w.end)]).toEqual(['2026-03-01T22:00:00.000Z', '2026-03-01T23:00:00.000Z']);
  });

  it('follows cron expressions: hour increments reset daily, named days, #n, L', () => {
    const next = (expression: string, after: string) => iso(parseCron(expression).next(at(after)));
    expect(next('0 4/12 * * ? *', '2026-03-01T05:00:00Z')).toBe('2026-03-01T16:00:00.000Z');
    expect(next('0 4/12 * * ? *', '2026-03-01T17:00:00Z')).toBe('2026-03-02T04:00:00.000Z');
    expect(next('0 18 ? * SAT *', '2026-03-02T00:00:00Z')).toBe('2026-03-07T18:00:00.000Z');
    expect(next('0 1 ? 1/3 SUN#1 *', '2026-02-01T00:00:00Z')).toBe('2026-04-05T01:00:00.000Z');
    expect(next('0 17 L * ? *', '2026-02-10T00:00:00Z')).toBe('2026-02-28T17:00:00.000Z');
    expect(next('0 0 ? * MONL *', '2026-03-01T00:00:00Z')).toBe('2026-03-30T00:00:00.000Z');
    const daily = nextWindow({ scheduleExpression: 'cron(0 10 * * ? *)' }, at('2026-03-01T11:00:00Z'), 0)!;
    expect([iso(daily.start), iso(daily.end)]).toEqual(['2026-03-02T10:00:00.000Z', '2026-03-03T00:00:00.000Z']);
  });

  it('refuses what Secrets Manager refuses', () => {
    for (const ScheduleExpression of ['rate(3 hours)', 'rate(1000 days)', 'cron(30 1 * * ? *)', 'cron(0 1 * * ? 2027)', 'cron(0 1 * * MON *)', 'cron(0 0/3 * * ? *)', 'at(2026)']) {
      expect(() => validateRules({ ScheduleExpression }), ScheduleExpression).toThrow();
    }
    expect(() => validateRules({ AutomaticallyAfterDays: 1, ScheduleExpression: 'rate(1 day)' })).toThrow(/both/);
    expect(() => validateRules({ ScheduleExpression: 'rate(4 hours)', Duration: '5h' })).toThrow(/next rotation window/);
    expect(() => validateRules({ ScheduleExpression: 'cron(0 22 * * ? *)', Duration: '3h' })).toThrow(/next UTC day/);
    expect(validateRules({ ScheduleExpression: ' rate(4 hours) ', Duration: '4h' })).toEqual({ scheduleExpression: 'rate(4 hours)', duration: '4h' });
  });

  it('picks a moment inside the window, not before now', () => {
    for (let i = 0; i < 50; i++) {
      const m = momentIn({ start: 1000, end: 2000 }, 1500);
      expect(m).toBeGreaterThanOrEqual(1500);
      expect(m).toBeLessThan(2000);
    }
  });
});

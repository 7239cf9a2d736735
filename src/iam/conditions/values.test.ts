import { describe, expect, it } from 'vitest';
import { contextDate, contextNumber, parseBase64, parseDate, parseNumber } from './values.js';

describe('typed values', () => {
  it('parses decimal numbers only', () => {
    expect(parseNumber('42')).toBe(42);
    expect(parseNumber('-1.5')).toBe(-1.5);
    expect(parseNumber(' 7 ')).toBe(7);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('0x10')).toBeUndefined();
    expect(parseNumber('12abc')).toBeUndefined();
    expect(parseNumber('')).toBeUndefined();
    expect(contextNumber(3)).toBe(3);
    expect(contextNumber(Number.NaN)).toBeUndefined();
  });

  it('parses ISO 8601 dates (UTC unless zoned) and epoch seconds', () => {
    const noon = Date.UTC(2024, 5, 15, 12, 30);
    expect(parseDate('2024-06-15T12:30:00Z')).toBe(noon);
    expect(parseDate('2024-06-15T12:30:00')).toBe(noon);
    expect(parseDate('2024-06-15T12:30Z')).toBe(noon);
    expect(parseDate('2024-06-15T14:30:00+02:00')).toBe(noon);
    expect(parseDate('2024-06-15T10:30:00-0200')).toBe(noon);
    expect(parseDate('2024-06-15T12:30:00.250Z')).toBe(noon + 250);
    expect(parseDate('2024-06-15')).toBe(Date.UTC(2024, 5, 15));
    expect(parseDate('2024-06')).toBe(Date.UTC(2024, 5, 1));
    expect(parseDate(String(noon / 1000))).toBe(noon);
    expect(parseDate('2024-13-01')).toBeUndefined();
    expect(parseDate('June 15, 2024')).toBeUndefined();
    expect(contextDate(new Date(noon))).toBe(noon);
    expect(contextDate(noon / 1000)).toBe(noon);
    expect(contextDate(true)).toBeUndefined();
  });

  it('parses base64', () => {
    expect(parseBase64('aGVsbG8=')?.toString()).toBe('hello');
    expect(parseBase64('not base64')).toBeUndefined();
    expect(parseBase64('abc')).toBeUndefined();
  });
});

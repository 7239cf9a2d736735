import { describe, expect, it } from 'vitest';
import { isAwsError } from '../../errors.js';
import { carriedPolicies, nextDue, parsePolicies, storedPolicies } from './policies.js';
import { chooseTier } from './tiers.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const HOUR = 3_600_000;
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (isAwsError(error)) return error.code;
    throw error;
  }
  return 'ok';
};
const policy = (type: string, attributes: Record<string, unknown>, version = '1.0') => ({ Type: type, Version: version, Attributes: attributes });

describe('parameter policies', () => {
  it('computes when each policy falls due', () => {
    const parsed = parsePolicies(
      JSON.stringify([
        policy('Expiration', { Timestamp: '2030-01-03T00:00:00.000Z' }),
        policy('ExpirationNotification', { Before: '12', Unit: 'Hours' }),
        policy('NoChangeNotification', { After: '1', Unit: 'Days' }),
      ]),
      NOW,
    );
    const stored = storedPolicies(parsed, NOW);
    expect(stored.map((p) => (p.dueAt - NOW) / HOUR)).toEqual([48, 36, 24]);
    expect(nextDue(stored)).toBe(NOW + 24 * HOUR);
    // An update restarts only the no-change timer.
    const carried = carriedPolicies(stored, NOW + 10 * HOUR);
    expect(carried.map((p) => (p.dueAt - NOW) / HOUR)).toEqual([48, 36, 34]);
  });

  it('accepts ISO_OFFSET_DATE_TIME timestamps', () => {
    const [parsed] = parsePolicies(JSON.stringify([policy('Expiration', { Timestamp: '2030-01-02T10:30:00.5+10:30' })]), NOW);
    expect(parsed!.timestamp).toBe(Date.parse('2030-01-02T00:00:00.500Z'));
  });

  it('refuses what Parameter Store refuses', () => {
    const parse = (value: unknown) => code(() => parsePolicies(JSON.stringify(value), NOW));
    expect(code(() => parsePolicies('{not json', NOW))).toBe('InvalidPolicyAttributeException');
    expect(parse([policy('Rotate', {})])).toBe('InvalidPolicyTypeException');
    expect(parse([policy('NoChangeNotification', { After: '0', Unit: 'Days' })])).toBe('InvalidPolicyAttributeException');
    expect(parse([policy('NoChangeNotification', { After: '1', Unit: 'Days', Extra: 1 })])).toBe('InvalidPolicyAttributeException');
    expect(parse([policy('Expiration', { Timestamp: '2029-01-01T00:00:00Z' })])).toBe('InvalidPolicyAttributeException');
    expect(parse(Array.from({ length: 11 }, () => policy('NoChangeNotification', { After: '1', Unit: 'Days' })))).toBe('PoliciesLimitExceededException');
    expect(parse([policy('ExpirationNotification', { Before: '1', Unit: 'Days' })])).toBe('IncompatiblePolicyException');
  });
});

describe('tiers', () => {
  const counts = { Standard: 0, Advanced: 0 };
  it('chooses and refuses tiers as AWS does', () => {
    const base = { explicit: true, valueChars: 10, hasPolicies: false, counts };
    expect(chooseTier({ ...base, requested: 'Intelligent-Tiering' })).toBe('Standard');
    expect(chooseTier({ ...base, requested: 'Intelligent-Tiering', valueChars: 4097 })).toBe('Advanced');
    expect(chooseTier({ ...base, requested: 'Intelligent-Tiering', hasPolicies: true })).toBe('Advanced');
    expect(chooseTier({ ...base, requested: 'Intelligent-Tiering', counts: { Standard: 5, Advanced: 0 }, limits: { Standard: 5, Advanced: 9 } })).toBe('Advanced');
    expect(code(() => chooseTier({ ...base, requested: 'Standard', existing: 'Advanced' }))).toBe('ValidationException');
    expect(chooseTier({ ...base, explicit: false, requested: 'Standard', existing: 'Advanced' })).toBe('Advanced');
    expect(code(() => chooseTier({ ...base, requested: 'Standard', counts: { Standard: 5, Advanced: 0 }, limits: { Standard: 5, Advanced: 9 } }))).toBe('ParameterLimitExceeded');
    // Overwriting a parameter already in the tier does not count it again.
    expect(chooseTier({ ...base, requested: 'Standard', existing: 'Standard', counts: { Standard: 5, Advanced: 0 }, limits: { Standard: 5, Advanced: 9 } })).toBe('Standard');
    expect(code(() => chooseTier({ ...base, requested: 'Advanced', counts: { Standard: 0, Advanced: 9 }, limits: { Standard: 5, Advanced: 9 } }))).toBe('ParameterLimitExceeded');
  });
});

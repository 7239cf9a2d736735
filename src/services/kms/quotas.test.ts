import { describe, expect, it } from 'vitest';
import { parseQuotaSettings, RequestQuotas, THROTTLED_MESSAGE } from './quotas.js';

describe('request quotas', () => {
  it('admits a second’s worth of requests, then throttles with AWS’s message until tokens refill', () => {
    let now = 0;
    const quotas = new RequestQuotas({}, 1, () => now);
    for (let i = 0; i < 5; i++) quotas.take('111122223333', 'us-east-1', 'CreateKey');
    expect(() => quotas.take('111122223333', 'us-east-1', 'CreateKey')).toThrow(expect.objectContaining({ code: 'Throttling', message: THROTTLED_MESSAGE }));
    // Another account and another Region have their own buckets.
    quotas.take('444455556666', 'us-east-1', 'CreateKey');
    quotas.take('111122223333', 'eu-west-1', 'CreateKey');
    now += 200; // 5 per second: one token after 200 ms
    quotas.take('111122223333', 'us-east-1', 'CreateKey');
    expect(() => quotas.take('111122223333', 'us-east-1', 'CreateKey')).toThrow();
  });

  it('uses AWS’s regional figures for the shared symmetric quota, and divides quotas among workers', () => {
    const quotas = new RequestQuotas({}, 2);
    expect(quotas.rate('CryptographicSymmetric', 'us-east-1')).toBe(50_000);
    expect(quotas.rate('CryptographicSymmetric', 'ap-southeast-2')).toBe(10_000);
    expect(quotas.rate('CryptographicSymmetric', 'ca-central-1')).toBe(5_000);
    expect(quotas.rate('GetParametersForImport', 'us-east-1')).toBe(0.125);
  });

  it('reads RAMPART_KMS_QUOTAS: off, overrides, a default for the rest, null for no limit', () => {
    expect(parseQuotaSettings(undefined)).toEqual({});
    expect(parseQuotaSettings('off')).toBe('off');
    const quotas = new RequestQuotas(parseQuotaSettings('{"CreateKey": 100, "*": 7, "DescribeKey": null}'));
    expect(quotas.rate('CreateKey', 'us-east-1')).toBe(100);
    expect(quotas.rate('CryptographicSymmetric', 'us-east-1')).toBe(7);
    expect(quotas.rate('DescribeKey', 'us-east-1')).toBeUndefined();
    expect(new RequestQuotas('off').rate('CreateKey', 'us-east-1')).toBeUndefined();
    expect(() => parseQuotaSettings('{"CreateKey": -1}')).toThrow(/above 0/);
    expect(() => parseQuotaSettings('[1]')).toThrow(/JSON object/);
  });
});

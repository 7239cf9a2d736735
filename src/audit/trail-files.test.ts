import { describe, expect, it } from 'vitest';
import { digestFileKey, digestKeyPattern, formatCloudTrailTime, logFileKey, parseDigestKeyTime, uniqueString } from './trail-files.js';

const at = Date.UTC(2026, 2, 7, 4, 5, 9, 750);

describe('CloudTrail file names', () => {
  it('names log files by account, region and delivery minute, under the day folder', () => {
    expect(logFileKey({ accountId: '111122223333', region: 'us-east-2', deliveredAt: at, unique: 'Mu0KsOhtH1ar15ZZ' })).toBe(
      'AWSLogs/111122223333/CloudTrail/us-east-2/2026/03/07/111122223333_CloudTrail_us-east-2_20260307T0405Z_Mu0KsOhtH1ar15ZZ.json.gz',
    );
    expect(logFileKey({ prefix: 'org/logs', accountId: '111122223333', region: 'eu-west-1', deliveredAt: at, unique: 'x'.repeat(16) })).toMatch(
      /^org\/logs\/AWSLogs\/111122223333\/CloudTrail\/eu-west-1\/2026\/03\/07\//,
    );
  });

  it('names digest files by region, trail, home region and end second', () => {
    const chain = { accountId: '111122223333', region: 'us-east-2', trailName: 'my-trail', homeRegion: 'us-east-1' };
    const key = digestFileKey(chain, at);
    expect(key).toBe(
      'AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2026/03/07/111122223333_CloudTrail-Digest_us-east-2_my-trail_us-east-1_20260307T040509Z.json.gz',
    );
    const match = digestKeyPattern(chain).exec(key);
    expect(parseDigestKeyTime(match![1])).toBe(Date.UTC(2026, 2, 7, 4, 5, 9));
    // Another trail's digests, or a prefix, do not match the chain.
    expect(digestKeyPattern({ ...chain, trailName: 'my' }).test(key)).toBe(false);
    expect(digestKeyPattern({ ...chain, prefix: 'p' }).test(key)).toBe(false);
    expect(digestKeyPattern({ ...chain, prefix: 'p' }).test(digestFileKey({ ...chain, prefix: 'p' }, at))).toBe(true);
  });

  it('makes the unique part 16 letters and digits, the same for the same seed', () => {
    const a = uniqueString('plan-1/us-east-1/0');
    expect(a).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(uniqueString('plan-1/us-east-1/0')).toBe(a);
    expect(uniqueString('plan-1/us-east-1/1')).not.toBe(a);
  });

  it('writes record times to the second', () => {
    expect(formatCloudTrailTime(at)).toBe('2026-03-07T04:05:09Z');
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildDigest, digestSigningString, publicKeyFingerprint, sha256Hex, signDigest, verifyDigestSignature, type DigestLogFile } from './digest.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicDer = publicKey.export({ format: 'der', type: 'pkcs1' });

const log = (n: number, newest: string, oldest: string): DigestLogFile => ({
  s3Bucket: 'trail-bucket',
  s3Object: `AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/01/log-${n}.json.gz`,
  hashValue: sha256Hex(`log ${n}`),
  hashAlgorithm: 'SHA-256',
  newestEventTime: newest,
  oldestEventTime: oldest,
});

describe('digest files', () => {
  const input = {
    accountId: '111122223333',
    startTime: '2026-01-01T00:00:00Z',
    endTime: '2026-01-01T01:00:00Z',
    bucket: 'trail-bucket',
    key: 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/01/01/d.json.gz',
    fingerprint: publicKeyFingerprint(publicDer),
  };

  it('has CloudTrail’s fields, the newest and oldest event times of its log files, and nulls for a first digest', () => {
    const digest = buildDigest({ ...input, previous: undefined, logFiles: [log(1, '2026-01-01T00:10:00Z', '2026-01-01T00:01:00Z'), log(2, '2026-01-01T00:50:00Z', '2026-01-01T00:20:00Z')] });
    expect(Object.keys(digest)).toEqual([
      'awsAccountId',
      'digestStartTime',
      'digestEndTime',
      'digestS3Bucket',
      'digestS3Object',
      'digestPublicKeyFingerprint',
      'digestSignatureAlgorithm',
      'newestEventTime',
      'oldestEventTime',
      'previousDigestS3Bucket',
      'previousDigestS3Object',
      'previousDigestHashValue',
      'previousDigestHashAlgorithm',
      'previousDigestSignature',
      'logFiles',
    ]);
    expect(digest).toMatchObject({ newestEventTime: '2026-01-01T00:50:00Z', oldestEventTime: '2026-01-01T00:01:00Z', previousDigestSignature: null, digestSignatureAlgorithm: 'SHA256withRSA' });
    expect(buildDigest({ ...input, previous: undefined, logFiles: [] })).toMatchObject({ newestEventTime: null, oldestEventTime: null, logFiles: [] });
  });

  it('signs CloudTrail’s data-signing string: end time, bucket/key, hex SHA-256 of the digest, previous signature', () => {
    const previous = { bucket: 'trail-bucket', key: 'prev.json.gz', hashValue: 'ab'.repeat(32), signature: 'cd'.repeat(256) };
    const digest = buildDigest({ ...input, previous, logFiles: [] });
    const text = JSON.stringify(digest);
    const signing = digestSigningString(digest, text);
    expect(signing).toBe(`2026-01-01T01:00:00Z\ntrail-bucket/${input.key}\n${sha256Hex(text)}\n${'cd'.repeat(256)}`);
    expect(digestSigningString(buildDigest({ ...input, previous: undefined, logFiles: [] }), text).endsWith('\nnull')).toBe(true);

    const signature = signDigest(privateKey, signing);
    expect(signature).toMatch(/^[0-9a-f]{512}$/);
    expect(verifyDigestSignature(publicDer, signing, signature)).toBe(true);
    expect(verifyDigestSignature(publicDer, signing.replace('01:00:00', '01:00:01'), signature)).toBe(false);
    expect(verifyDigestSignature(publicDer, signing, signature.replace(/^../, '00'))).toBe(false);
    expect(verifyDigestSignature(publicDer, signing, 'not hex')).toBe(false);
  });

  it('fingerprints a public key as 32 hex digits', () => {
    expect(publicKeyFingerprint(publicDer)).toMatch(/^[0-9a-f]{32}$/);
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestStore } from '../../../test/helpers/stores.js';
import { Keyring } from '../../crypto/keyring.js';
import { createRootKeyProvider } from '../../crypto/root-key.js';
import { issueToken, openToken, queryHash } from './lookup-token.js';
import { lookupUsername } from './lookup-events.js';
import { checkKeyPrefix, checkTrailName, normalizeKmsKeyId, parseTrailArn } from './names.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return undefined;
};

describe('trail names and ARNs', () => {
  it('takes names CloudTrail takes and refuses the others', () => {
    for (const name of ['abc', 'My.Trail-1_x', 'a'.repeat(128), '1.2.3']) expect(code(() => checkTrailName(name))).toBeUndefined();
    for (const name of ['ab', 'a'.repeat(129), '_abc', 'abc-', 'a b c', 'a.-b', 'a__b', '10.0.0.1', 'arn:aws:cloudtrail']) {
      expect(code(() => checkTrailName(name))).toBe('InvalidTrailNameException');
    }
  });

  it('reads trail ARNs and refuses other ARNs', () => {
    expect(parseTrailArn('arn:aws-cn:cloudtrail:cn-north-1:111122223333:trail/t1')).toEqual({
      partition: 'aws-cn',
      region: 'cn-north-1',
      accountId: '111122223333',
      name: 't1',
    });
    expect(code(() => parseTrailArn('arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/x'))).toBe('CloudTrailARNInvalidException');
    expect(code(() => parseTrailArn('arn:aws:cloudtrail:us-east-1:1111:trail/x'))).toBe('CloudTrailARNInvalidException');
  });

  it('completes KMS key ids and alias names to ARNs', () => {
    const place = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' };
    expect(normalizeKmsKeyId('12345678-1234-1234-1234-123456789012', place)).toBe('arn:aws:kms:eu-west-1:111122223333:key/12345678-1234-1234-1234-123456789012');
    expect(normalizeKmsKeyId('alias/logs', place)).toBe('arn:aws:kms:eu-west-1:111122223333:alias/logs');
    expect(normalizeKmsKeyId('arn:aws:kms:us-east-2:999988887777:key/mrk-' + 'a'.repeat(32), place)).toBe('arn:aws:kms:us-east-2:999988887777:key/mrk-' + 'a'.repeat(32));
    for (const bad of ['key', 'alias/aws/s3', 'arn:aws:kms:us-east-1:111122223333:key/nope']) expect(code(() => normalizeKmsKeyId(bad, place))).toBe('InvalidKmsKeyIdException');
  });

  it('takes key prefixes the directory can hold', () => {
    expect(code(() => checkKeyPrefix('a/b.c/d'))).toBeUndefined();
    for (const bad of ['/a', 'a/', 'a//b', 'a/../b', '.', 'x'.repeat(201)]) expect(code(() => checkKeyPrefix(bad))).toBe('InvalidS3PrefixException');
  });
});

describe('LookupEvents', () => {
  it('names the caller as LookupEvents does', () => {
    expect(lookupUsername({ type: 'Root', arn: 'arn:aws:iam::111122223333:root' })).toBe('root');
    expect(lookupUsername({ type: 'IAMUser', userName: 'kim', arn: 'arn:aws:iam::111122223333:user/dev/kim' })).toBe('kim');
    expect(lookupUsername({ type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/deployer/session-1' })).toBe('session-1');
  });

  it('continues a page only with a token its own query issued', async () => {
    const testStore = await createTestStore('sqlite');
    try {
      const keyring = await Keyring.open(testStore.store, createRootKeyProvider({ kind: 'env', base64: randomBytes(32).toString('base64') }));
      const query = queryHash(['EventName', 'GetCallerIdentity']);
      const token = issueToken(keyring, '111122223333', 'us-east-1', 'audit/111122223333/us-east-1/x', query);
      expect(token).not.toContain('audit/');
      expect(openToken(keyring, '111122223333', 'us-east-1', token, query)).toBe('audit/111122223333/us-east-1/x');
      expect(code(() => openToken(keyring, '111122223333', 'us-east-1', token, queryHash(['EventName', 'Other'])))).toBe('InvalidNextTokenException');
      expect(code(() => openToken(keyring, '111122223333', 'eu-west-1', token, query))).toBe('InvalidNextTokenException');
      expect(code(() => openToken(keyring, '999988887777', 'us-east-1', token, query))).toBe('InvalidNextTokenException');
      const bytes = Buffer.from(token.slice(3), 'base64');
      bytes[bytes.length - 1] ^= 1;
      expect(code(() => openToken(keyring, '111122223333', 'us-east-1', 's1:' + bytes.toString('base64'), query))).toBe('InvalidNextTokenException');
    } finally {
      await testStore.destroy();
    }
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../crypto/keyring.js';
import { createRootKeyProvider } from '../../crypto/root-key.js';
import type { Principal } from '../../identity/principal.js';
import { createTestStore, type TestStore } from '../../../test/helpers/stores.js';
import { grantAllows, granteeNames, grantToken, readGrantToken, validateGrantTokens, type GrantRecord } from './grants.js';

const user: Principal = {
  type: 'IAMUser',
  accountId: '111122223333',
  partition: 'aws',
  arn: 'arn:aws:iam::111122223333:user/alice',
  principalId: 'AIDAEXAMPLE',
  userName: 'alice',
  accessKeyId: 'AKIAEXAMPLE',
  temporary: false,
  unverified: false,
};
const session: Principal = {
  ...user,
  type: 'AssumedRole',
  arn: 'arn:aws:sts::111122223333:assumed-role/app-role/session-1',
  principalId: 'AROAEXAMPLE:session-1',
};

const grant = (overrides: Partial<GrantRecord> = {}): GrantRecord => ({
  grantId: 'a'.repeat(64),
  keyId: '11111111-2222-3333-4444-555555555555',
  keyArn: 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555',
  createdAt: 0,
  granteePrincipal: user.arn,
  issuingAccount: 'arn:aws:iam::111122223333:root',
  operations: ['Encrypt', 'Decrypt', 'ReEncryptFrom', 'DescribeKey', 'CreateGrant'],
  forAwsResource: false,
  ...overrides,
});

describe('grant matching', () => {
  it('allows its grantee the operations it lists, and nobody else anything', () => {
    expect(grantAllows(grant(), granteeNames(user), { operation: 'Encrypt' })).toBe(true);
    expect(grantAllows(grant(), granteeNames(user), { operation: 'GenerateDataKey' })).toBe(false);
    expect(grantAllows(grant(), granteeNames({ ...user, arn: 'arn:aws:iam::111122223333:user/bob' }), { operation: 'Encrypt' })).toBe(false);
    expect(grantAllows(grant(), ['arn:aws:iam::111122223333:root'], { operation: 'Encrypt' })).toBe(false);
  });

  it('allows a role’s sessions when the grantee is the role, and only that session when it is the session', () => {
    const names = granteeNames(session);
    expect(names).toEqual([session.arn, 'arn:aws:iam::111122223333:role/app-role']);
    expect(grantAllows(grant({ granteePrincipal: 'arn:aws:iam::111122223333:role/app-role' }), names, { operation: 'Decrypt' })).toBe(true);
    expect(grantAllows(grant({ granteePrincipal: session.arn }), names, { operation: 'Decrypt' })).toBe(true);
    expect(grantAllows(grant({ granteePrincipal: 'arn:aws:iam::111122223333:role/other' }), names, { operation: 'Decrypt' })).toBe(false);
  });

  it('applies EncryptionContextEquals and EncryptionContextSubset to operations with a context only', () => {
    const equals = grant({ constraints: { EncryptionContextEquals: { tenant: 'a' } } });
    const names = granteeNames(user);
    expect(grantAllows(equals, names, { operation: 'Encrypt', encryptionContext: { tenant: 'a' } })).toBe(true);
    expect(grantAllows(equals, names, { operation: 'Encrypt', encryptionContext: { tenant: 'a', more: 'x' } })).toBe(false);
    expect(grantAllows(equals, names, { operation: 'Encrypt' })).toBe(false);
    expect(grantAllows(equals, names, { operation: 'ReEncryptFrom', encryptionContext: { tenant: 'a' } })).toBe(true);
    expect(grantAllows(equals, names, { operation: 'DescribeKey' })).toBe(true);
    const subset = grant({ constraints: { EncryptionContextSubset: { tenant: 'a' } } });
    expect(grantAllows(subset, names, { operation: 'Decrypt', encryptionContext: { tenant: 'a', more: 'x' } })).toBe(true);
    expect(grantAllows(subset, names, { operation: 'Decrypt', encryptionContext: { tenant: 'b' } })).toBe(false);
  });

  it('lets a grantee create grants only for its own operations, with an equally strict or stricter constraint', () => {
    const names = granteeNames(user);
    const subset = grant({ constraints: { EncryptionContextSubset: { tenant: 'a' } } });
    const ask = (operations: GrantRecord['operations'], constraints?: GrantRecord['constraints']) =>
      grantAllows(subset, names, { operation: 'CreateGrant', newGrant: { operations, constraints } });
    expect(ask(['Decrypt'], { EncryptionContextSubset: { tenant: 'a' } })).toBe(true);
    expect(ask(['Decrypt'], { EncryptionContextSubset: { tenant: 'a', app: 'x' } })).toBe(true);
    expect(ask(['Decrypt'], { EncryptionContextEquals: { tenant: 'a' } })).toBe(true);
    expect(ask(['Decrypt'])).toBe(false);
    expect(ask(['Decrypt'], { EncryptionContextSubset: { tenant: 'b' } })).toBe(false);
    expect(ask(['GenerateDataKey'], { EncryptionContextSubset: { tenant: 'a' } })).toBe(false);
    const equals = grant({ constraints: { EncryptionContextEquals: { tenant: 'a' } } });
    expect(grantAllows(equals, names, { operation: 'CreateGrant', newGrant: { operations: ['Decrypt'], constraints: { EncryptionContextEquals: { tenant: 'a' } } } })).toBe(true);
    expect(grantAllows(equals, names, { operation: 'CreateGrant', newGrant: { operations: ['Decrypt'], constraints: { EncryptionContextSubset: { tenant: 'a' } } } })).toBe(false);
  });
});

describe('grant tokens', () => {
  let stores: TestStore;
  let keyring: Keyring;
  beforeAll(async () => {
    stores = await createTestStore('sqlite');
    keyring = await Keyring.open(stores.store, createRootKeyProvider({ kind: 'env', base64: randomBytes(32).toString('base64') }));
  });
  afterAll(() => stores?.destroy());

  it('name their grant, differ every time, and cannot be forged or altered', () => {
    const g = grant();
    const first = grantToken(keyring, g);
    const second = grantToken(keyring, g);
    expect(first).not.toBe(second);
    expect(readGrantToken(keyring, first)).toEqual({ grantId: g.grantId, keyArn: g.keyArn });
    const altered = first.slice(0, -4) + (first.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => readGrantToken(keyring, altered)).toThrow(expect.objectContaining({ code: 'InvalidGrantTokenException' }));
    expect(() => validateGrantTokens(keyring, [first, 'forged'])).toThrow(expect.objectContaining({ code: 'InvalidGrantTokenException' }));
    expect(() => validateGrantTokens(keyring, [first, second])).not.toThrow();
  });
});

// The KMS authorization entries, decided by the real IAM evaluator: what each entry asks (action,
// key, key policy, condition keys, grants), and the decisions that follow for key policies and grants.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { Keyring } from '../../crypto/keyring.js';
import { createRootKeyProvider } from '../../crypto/root-key.js';
import { evaluate } from '../../iam/index.js';
import type { Principal } from '../../identity/principal.js';
import { silentLogger } from '../../logging.js';
import { Scheduler } from '../../scheduler/scheduler.js';
import { createAuthorizer } from '../../server/authorize.js';
import type { JsonValue, Transaction } from '../../storage/types.js';
import { createTestStore, type TestStore } from '../../../test/helpers/stores.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import { kmsAuthorization } from './authorization.js';
import { createKeyRecord } from './create-key-record.js';
import type { KmsDeps } from './deps.js';
import { grantStorageKey, saveKey, type LoadedKey } from './key-record.js';
import { defaultKeyPolicy } from './key-policy.js';
import type { GrantRecord } from './grants.js';
import { MaterialCache } from './material.js';
import { RequestQuotas } from './quotas.js';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const root = (accountId = ACCOUNT): Principal => ({
  type: 'Root',
  accountId,
  partition: 'aws',
  arn: `arn:aws:iam::${accountId}:root`,
  principalId: accountId,
  accessKeyId: 'AKIAROOT',
  temporary: false,
  unverified: false,
});
const alice: Principal = { ...root(), type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, principalId: 'AIDAALICE', userName: 'alice' };

describe('KMS authorization entries', () => {
  let stores: TestStore;
  let deps: KmsDeps;
  let table: ReturnType<typeof kmsAuthorization>;
  const clock = new ManualClock();

  beforeAll(async () => {
    stores = await createTestStore('sqlite');
    const keyring = await Keyring.open(stores.store, createRootKeyProvider({ kind: 'env', base64: randomBytes(32).toString('base64') }));
    deps = {
      keyring,
      scheduler: new Scheduler({ store: stores.store, clock, logger: silentLogger }),
      clock,
      logger: silentLogger,
      materials: new MaterialCache(keyring),
      quotas: new RequestQuotas({ '*': 1000, ListKeys: 1 }),
      evaluate,
    };
    table = kmsAuthorization(deps);
  });
  afterAll(() => stores?.destroy());

  const context = (tx: Transaction, principal: Principal = root()): AuthorizationContext => ({
    tx,
    principal,
    accountId: principal.accountId,
    region: 'us-east-1',
    partition: 'aws',
    now: clock.now(),
    requestId: 'test',
  });

  async function newKey(accountId = ACCOUNT, policy?: string): Promise<LoadedKey> {
    return stores.store.transaction((tx) =>
      createKeyRecord(tx, deps, {
        place: { partition: 'aws', accountId, region: 'us-east-1' },
        now: clock.now(),
        description: '',
        keySpec: 'SYMMETRIC_DEFAULT',
        keyUsage: 'ENCRYPT_DECRYPT',
        origin: 'AWS_KMS',
        keyManager: 'CUSTOMER',
        multiRegion: false,
        policy: policy ?? defaultKeyPolicy('aws', accountId),
        tags: [{ TagKey: 'team', TagValue: 'blue' }],
      }),
    );
  }

  const checks = <Op extends keyof typeof table>(op: Op, input: unknown, principal?: Principal) =>
    stores.store.transaction(async (tx) => (table[op] as (i: unknown, c: AuthorizationContext) => Promise<AuthorizationCheck[]>)(input, context(tx, principal)));

  /** The pipeline's decision for these checks (throws AccessDenied), with no identity policies. */
  const decide = (found: AuthorizationCheck[], principal: Principal) =>
    stores.store.transaction((tx) =>
      createAuthorizer(evaluate, { policiesOf: async () => ({ identityPolicies: [] }) }).authorize(
        found,
        { principal, region: 'us-east-1', now: clock.now(), sourceIp: '127.0.0.1', secure: false, userAgent: 'test' },
        tx,
      ),
    );

  it('asks for kms:Encrypt on the key, under its key policy, with the request’s condition keys', async () => {
    const key = await newKey();
    const [check] = await checks('Encrypt', { KeyId: key.record.keyId, Plaintext: Buffer.from('x'), EncryptionContext: { tenant: 'a' } });
    expect(check.action).toBe('kms:Encrypt');
    expect(check.resource).toMatchObject({ arn: key.record.arn, accountId: ACCOUNT, policyRequired: true, grantAllows: false, tags: { team: 'blue' } });
    expect(check.resource.policy!.document).toBe(key.record.policy);
    expect(check.resource.context).toMatchObject({ 'kms:KeySpec': 'SYMMETRIC_DEFAULT', 'kms:KeyUsage': 'ENCRYPT_DECRYPT', 'kms:KeyOrigin': 'AWS_KMS', 'kms:MultiRegion': false, 'kms:ResourceAliases': [] });
    expect(check.context).toMatchObject({
      'kms:CallerAccount': ACCOUNT,
      'kms:EncryptionContext:tenant': 'a',
      'kms:EncryptionContextKeys': ['tenant'],
      'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT',
    });
    expect((check.resource.loaded as LoadedKey).record.keyId).toBe(key.record.keyId);
  });

  it('gives kms:RequestAlias and kms:ResourceAliases when a key is named by alias', async () => {
    const key = await newKey();
    await stores.store.transaction(async (tx) => {
      key.record.aliases = ['alias/app'];
      saveKey(tx, key);
      tx.put(`acct/aws/${ACCOUNT}/us-east-1/kms/alias/app`, { aliasName: 'alias/app', targetKeyId: key.record.keyId, createdAt: 0, updatedAt: 0 });
    });
    const [check] = await checks('GenerateDataKey', { KeyId: 'alias/app', KeySpec: 'AES_256' });
    expect(check.context!['kms:RequestAlias']).toBe('alias/app');
    expect(check.resource.context!['kms:ResourceAliases']).toEqual(['alias/app']);
  });

  it('lets the default key policy allow the root user and deny an IAM user without identity policies', async () => {
    const key = await newKey();
    await decide(await checks('Encrypt', { KeyId: key.record.keyId, Plaintext: Buffer.from('x') }), root());
    await expect(decide(await checks('Encrypt', { KeyId: key.record.keyId, Plaintext: Buffer.from('x') }, alice), alice)).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  it('lets a key policy that does not name the account deny even the root user', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'kms:*', Resource: '*' }] });
    const key = await newKey(ACCOUNT, policy);
    await expect(decide(await checks('Encrypt', { KeyId: key.record.keyId, Plaintext: Buffer.from('x') }), root())).rejects.toMatchObject({ code: 'AccessDenied' });
    await decide(await checks('Encrypt', { KeyId: key.record.keyId, Plaintext: Buffer.from('x') }, alice), alice);
  });

  it('lets a grant allow its grantee exactly its operations, under its encryption context constraint', async () => {
    const key = await newKey();
    const grant: GrantRecord = {
      grantId: 'b'.repeat(64),
      keyId: key.record.keyId,
      keyArn: key.record.arn,
      createdAt: 0,
      granteePrincipal: alice.arn,
      issuingAccount: `arn:aws:iam::${ACCOUNT}:root`,
      operations: ['Decrypt'],
      constraints: { EncryptionContextSubset: { tenant: 'a' } },
      forAwsResource: false,
    };
    await stores.store.transaction(async (tx) => {
      tx.put(grantStorageKey({ partition: 'aws', accountId: ACCOUNT, region: 'us-east-1' }, key.record.keyId, grant.grantId), grant as unknown as JsonValue);
      key.record.grantees = { [alice.arn]: 1 };
      key.record.grantCount = 1;
      saveKey(tx, key);
    });
    const decrypt = (encryptionContext?: Record<string, string>) => checks('Decrypt', { KeyId: key.record.keyId, CiphertextBlob: Buffer.from('x'), EncryptionContext: encryptionContext }, alice);
    const allowed = await decrypt({ tenant: 'a', file: '1' });
    expect(allowed[0].resource.grantAllows).toBe(true);
    await decide(allowed, alice);
    const wrongContext = await decrypt({ tenant: 'b' });
    expect(wrongContext[0].resource.grantAllows).toBe(false);
    await expect(decide(wrongContext, alice)).rejects.toMatchObject({ code: 'AccessDenied' });
    const encrypt = await checks('Encrypt', { KeyId: key.record.keyId, Plaintext: Buffer.from('x'), EncryptionContext: { tenant: 'a' } }, alice);
    expect(encrypt[0].resource.grantAllows).toBe(false);
  });

  it('asks ReEncrypt for kms:ReEncryptFrom on the source key and kms:ReEncryptTo on the destination', async () => {
    const source = await newKey();
    const destination = await newKey();
    const blob = Buffer.alloc(100);
    blob.writeUInt8(1, 0);
    blob.write(ACCOUNT, 1, 'latin1');
    blob.write(source.record.keyId, 13, 'latin1');
    const found = await checks('ReEncrypt', { CiphertextBlob: blob, DestinationKeyId: destination.record.arn, DestinationEncryptionContext: { d: '1' } });
    expect(found.map((c) => [c.action, c.resource.arn])).toEqual([
      ['kms:ReEncryptFrom', source.record.arn],
      ['kms:ReEncryptTo', destination.record.arn],
    ]);
    expect(found[1].context).toMatchObject({ 'kms:ReEncryptOnSameKey': false, 'kms:EncryptionContext:d': '1' });
  });

  it('resolves another account’s key by ARN for cross-account operations, and only by ARN', async () => {
    const theirs = await newKey(OTHER_ACCOUNT);
    const [check] = await checks('Encrypt', { KeyId: theirs.record.arn, Plaintext: Buffer.from('x') });
    expect(check.resource).toMatchObject({ arn: theirs.record.arn, accountId: OTHER_ACCOUNT });
    await expect(decide([check], root())).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(checks('Encrypt', { KeyId: theirs.record.keyId, Plaintext: Buffer.from('x') })).rejects.toMatchObject({ code: 'NotFoundException' });
    await expect(checks('EnableKey', { KeyId: theirs.record.arn })).rejects.toMatchObject({ code: 'NotFoundException' });
  });

  it('asks CreateKey for kms:CreateKey on "*" with the new key’s condition keys, and kms:TagResource for its tags', async () => {
    const found = await checks('CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', Tags: [{ TagKey: 'env', TagValue: 'prod' }] });
    expect(found.map((c) => [c.action, c.resource.arn])).toEqual([
      ['kms:CreateKey', '*'],
      ['kms:TagResource', '*'],
    ]);
    expect(found[0].context).toMatchObject({ 'kms:KeySpec': 'RSA_2048', 'kms:KeyUsage': 'SIGN_VERIFY', 'aws:RequestTag/env': 'prod', 'aws:TagKeys': ['env'] });
  });

  it('asks CreateAlias for the alias (IAM) and the key (key policy)', async () => {
    const key = await newKey();
    const found = await checks('CreateAlias', { AliasName: 'alias/new', TargetKeyId: key.record.keyId });
    expect(found.map((c) => [c.action, c.resource.arn, c.resource.policyRequired ?? false])).toEqual([
      ['kms:CreateAlias', `arn:aws:kms:us-east-1:${ACCOUNT}:alias/new`, false],
      ['kms:CreateAlias', key.record.arn, true],
    ]);
  });

  it('answers NotFoundException from the entry, before any decision', async () => {
    await expect(checks('Decrypt', { KeyId: '11111111-2222-3333-4444-555555555555', CiphertextBlob: Buffer.from('x') })).rejects.toMatchObject({
      code: 'NotFoundException',
      message: `Key 'arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555' does not exist`,
    });
  });

  it('throttles in the entry when the operation’s quota is spent', async () => {
    await checks('ListKeys', {});
    await expect(checks('ListKeys', {})).rejects.toMatchObject({ code: 'Throttling' });
  });
});

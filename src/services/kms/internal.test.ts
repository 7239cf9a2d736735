// The API other services encrypt through: the check they add to their own authorization entry carries
// kms:ViaService, so AWS's managed-key policy allows it for the account (and refuses direct use); the
// cryptography then runs in the caller's transaction.
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
import type { Transaction } from '../../storage/types.js';
import { createTestStore, type TestStore } from '../../../test/helpers/stores.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import { createKms, type KmsInternalApi } from './index.js';

const ACCOUNT = '111122223333';
const root: Principal = { type: 'Root', accountId: ACCOUNT, partition: 'aws', arn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT, accessKeyId: 'A', temporary: false, unverified: false };

describe('the internal KMS API', () => {
  let stores: TestStore;
  let internal: KmsInternalApi;
  const clock = new ManualClock();

  beforeAll(async () => {
    stores = await createTestStore('sqlite');
    const keyring = await Keyring.open(stores.store, createRootKeyProvider({ kind: 'env', base64: randomBytes(32).toString('base64') }));
    internal = createKms({ store: stores.store, keyring, clock, scheduler: new Scheduler({ store: stores.store, clock, logger: silentLogger }), logger: silentLogger }, { evaluate, quotas: 'off' }).internal;
  });
  afterAll(() => stores?.destroy());

  const ctx = (tx: Transaction): AuthorizationContext => ({ tx, principal: root, accountId: ACCOUNT, region: 'us-east-1', partition: 'aws', now: clock.now(), requestId: 'r' });
  const authorize = (tx: Transaction, checks: AuthorizationCheck[]) =>
    createAuthorizer(evaluate, { policiesOf: async () => ({ identityPolicies: [] }) }).authorize(checks, { principal: root, region: 'us-east-1', now: clock.now(), sourceIp: '127.0.0.1', secure: true, userAgent: 'ssm' }, tx);

  it('encrypts and decrypts via a service under its AWS managed key, created on first use', async () => {
    const context = { PARAMETER_ARN: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/db-password` };
    const { ciphertextBlob, keyArn } = await stores.store.transaction(async (tx) => {
      const check = await internal.authorizeEncrypt(ctx(tx), { service: 'ssm', keyId: 'alias/aws/ssm', encryptionContext: context });
      expect(check.context).toMatchObject({ 'kms:ViaService': 'ssm.us-east-1.amazonaws.com', 'kms:CallerAccount': ACCOUNT, 'kms:EncryptionContext:PARAMETER_ARN': context.PARAMETER_ARN });
      await authorize(tx, [check]);
      return internal.encrypt(check, Buffer.from('s3cret'), context);
    });
    const plaintext = await stores.store.transaction(async (tx) => {
      const check = await internal.authorizeDecrypt(ctx(tx), { service: 'ssm', ciphertextBlob, encryptionContext: context });
      expect(check.resource.arn).toBe(keyArn);
      await authorize(tx, [check]);
      return internal.decrypt(check, ciphertextBlob, context).plaintext;
    });
    expect(plaintext.toString()).toBe('s3cret');
    const managed = await stores.store.transaction((tx) => internal.ensureAwsManagedKey(tx, ACCOUNT, 'us-east-1', 'aws/ssm'));
    expect(managed.arn).toBe(keyArn);
  });

  it('is refused by the managed-key policy when the key is used directly rather than via the service', async () => {
    await stores.store.transaction(async (tx) => {
      const check = await internal.authorizeGenerateDataKey(ctx(tx), { service: 'ssm', keyId: 'alias/aws/ssm' });
      const direct = { ...check, context: { ...check.context, 'kms:ViaService': undefined, 'aws:ViaAWSService': false } };
      await expect(authorize(tx, [direct])).rejects.toMatchObject({ code: 'AccessDenied' });
      await authorize(tx, [check]);
      const dataKey = internal.generateDataKey(check, { keySpec: 'AES_256' });
      expect(dataKey.plaintext).toHaveLength(32);
    });
  });
});

// The API SSM reads /aws/reference/secretsmanager/<id> through: its checks (secretsmanager:GetSecretValue
// with aws:CalledVia, and kms:Decrypt via Secrets Manager) are judged like any others, then the value is
// read in the same transaction; errors carry Secrets Manager's codes.
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
import type { AuthorizationCheck, AuthorizationContext, OperationAuthorization } from '../authorization.js';
import { createKms } from '../kms/index.js';
import type { HandlerContext, OperationHandler, ServiceDefinition } from '../types.js';
import { createSecretsManager, type SecretsManagerInternalApi } from './index.js';

const ACCOUNT = '111122223333';
const root: Principal = { type: 'Root', accountId: ACCOUNT, partition: 'aws', arn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT, accessKeyId: 'A', temporary: false, unverified: false };

describe('the Secrets Manager internal API', () => {
  let stores: TestStore;
  let service: ServiceDefinition;
  let internal: SecretsManagerInternalApi;
  const clock = new ManualClock();
  const authorizer = createAuthorizer(evaluate, { policiesOf: async () => ({ identityPolicies: [] }) });
  const facts = () => ({ principal: root, region: 'us-east-1', now: clock.now(), sourceIp: '127.0.0.1', secure: true, userAgent: 'ssm' });
  const ctx = (tx: Transaction): AuthorizationContext => ({ tx, principal: root, accountId: ACCOUNT, region: 'us-east-1', partition: 'aws', now: clock.now(), requestId: 'r' });

  /** One operation as the pipeline runs it: entry, evaluation, handler, one transaction. */
  const call = (operation: string, input: unknown) =>
    stores.store.transaction(async (tx) => {
      const base = ctx(tx);
      const checks = await (service.authorization[operation as never] as OperationAuthorization<unknown>)(input, base);
      await authorizer.authorize(checks, facts(), tx);
      const handlerCtx: HandlerContext = { ...base, sourceIp: '127.0.0.1', userAgent: 'test', checks, authorize: (more) => authorizer.authorize(more, facts(), tx) };
      return (service.handlers[operation as never] as OperationHandler<unknown, Record<string, unknown>>)(input, handlerCtx);
    });
  const read = (secretId: string, extra: { versionStage?: string } = {}) =>
    stores.store.transaction(async (tx) => {
      const checks: AuthorizationCheck[] = await internal.authorizeGetSecretValue(ctx(tx), { secretId, viaService: 'ssm', ...extra });
      await authorizer.authorize(checks, facts(), tx);
      return { checks, value: await internal.getSecretValue(checks) };
    });

  beforeAll(async () => {
    stores = await createTestStore('sqlite');
    const keyring = await Keyring.open(stores.store, createRootKeyProvider({ kind: 'env', base64: randomBytes(32).toString('base64') }));
    const scheduler = new Scheduler({ store: stores.store, clock, logger: silentLogger });
    const deps = { store: stores.store, keyring, clock, scheduler, logger: silentLogger };
    const kms = createKms(deps, { evaluate, quotas: 'off' });
    ({ service, internal } = createSecretsManager(deps, { kms: kms.internal, rotationFunctions: { resolve: () => undefined } }));
  });
  afterAll(() => stores?.destroy());

  it('reads a value with checks judged like the pipeline judges them', async () => {
    const created = await call('CreateSecret', { Name: 'db/password', SecretString: 's3cret' });
    await call('PutSecretValue', { SecretId: 'db/password', SecretString: 'next', VersionStages: ['AWSPENDING'] });
    const { checks, value } = await read('db/password');
    expect(checks.map((c) => c.action)).toEqual(['secretsmanager:GetSecretValue', 'kms:Decrypt']);
    expect(checks[0].context).toMatchObject({ 'aws:CalledVia': ['ssm.amazonaws.com'], 'secretsmanager:VersionStage': 'AWSCURRENT' });
    expect(checks[1].context).toMatchObject({ 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com', 'kms:EncryptionContext:SecretARN': created.ARN });
    expect(value).toMatchObject({ arn: created.ARN, name: 'db/password', versionId: created.VersionId, versionStages: ['AWSCURRENT'], secretString: 's3cret' });
    expect(value.createdDate).toBeInstanceOf(Date);
    expect((await read(created.ARN as string, { versionStage: 'AWSPENDING' })).value.secretString).toBe('next');
  });

  it('is refused by the secret’s resource policy for calls via SSM', async () => {
    await call('CreateSecret', { Name: 'not-for-ssm', SecretString: 'x' });
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'ssm.amazonaws.com' } } }] };
    await call('PutResourcePolicy', { SecretId: 'not-for-ssm', ResourcePolicy: JSON.stringify(policy) });
    await expect(read('not-for-ssm')).rejects.toMatchObject({ code: 'AccessDenied' });
    expect((await call('GetSecretValue', { SecretId: 'not-for-ssm' })).SecretString).toBe('x');
  });

  it('answers with Secrets Manager error codes', async () => {
    await expect(read('missing')).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
    await call('CreateSecret', { Name: 'going', SecretString: 'x' });
    await call('DeleteSecret', { SecretId: 'going', RecoveryWindowInDays: 7 });
    await expect(read('going')).rejects.toMatchObject({ code: 'InvalidRequestException' });
    await expect(read('db/password', { versionStage: 'nothing' })).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
  });
});

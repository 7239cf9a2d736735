// Key policies, IAM policies and grants decide every KMS call together, as AWS evaluates them: a key
// policy that does not allow a principal (directly or through its account) denies it whatever its IAM
// policies say; a grant allows exactly its operations under its constraints; a caller from another
// account needs both the key policy and its own IAM policy; encryption-context conditions hold.
import { CreateAccessKeyCommand, CreateUserCommand, DeleteUserPolicyCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateGrantCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type Credentials, type TestServer } from '../../helpers/rampart.js';

const A = '111111111111';
const B = '222222222222';
const rootOf = (account: string): Credentials => ({ accessKeyId: account, secretAccessKey: 'development-mode' });

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded');
}

describe.each(testBackends())('KMS authorization on %s', (backend) => {
  let server: TestServer;
  const kms = (credentials: Credentials) => new KMSClient(server.clientConfig(credentials));
  const iam = (credentials: Credentials) => new IAMClient(server.clientConfig(credentials));

  /** An IAM user with an access key and (optionally) an inline policy. */
  async function user(account: string, name: string, policy?: object): Promise<{ arn: string; credentials: Credentials }> {
    const admin = iam(rootOf(account));
    const created = await admin.send(new CreateUserCommand({ UserName: name }));
    if (policy) await admin.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
    const key = (await admin.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { arn: created.User!.Arn!, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } };
  }

  const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
  });
  afterAll(() => server?.destroy());

  it('denies a principal the key policy does not allow, whatever its IAM policies, naming action and key', async () => {
    const alice = await user(A, 'alice');
    const bob = await user(A, 'bob', allowAll);
    // The account may administer the key (so the creator is not locked out) but not use it; only alice may.
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: ['kms:Describe*', 'kms:Put*', 'kms:Get*', 'kms:List*', 'kms:CreateGrant'], Resource: '*' },
        { Sid: 'Use', Effect: 'Allow', Principal: { AWS: alice.arn }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' },
      ],
    };
    const key = (await kms(rootOf(A)).send(new CreateKeyCommand({ Policy: JSON.stringify(policy) }))).KeyMetadata!;

    const sealed = await kms(alice.credentials).send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('by alice') }));
    expect(sealed.KeyId).toBe(key.Arn);

    const denied = await failure(kms(bob.credentials).send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('by bob') })));
    expect(denied).toMatchObject({ name: 'AccessDeniedException', status: 400 });
    expect(denied.message).toBe(
      `User: ${bob.arn} is not authorized to perform: kms:Encrypt on resource: ${key.Arn} because no resource-based policy allows the kms:Encrypt action`,
    );
    // The account root is bound by the key policy too: it may describe the key, not use it.
    expect(await failure(kms(rootOf(A)).send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob })))).toMatchObject({ name: 'AccessDeniedException' });
  });

  it('lets IAM policies decide where the key policy trusts the account', async () => {
    const writer = await user(A, 'writer', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }] });
    const key = (await kms(rootOf(A)).send(new CreateKeyCommand({}))).KeyMetadata!; // the default key policy
    const sealed = await kms(writer.credentials).send(new EncryptCommand({ KeyId: key.Arn, Plaintext: Buffer.from('x') }));
    const denied = await failure(kms(writer.credentials).send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toBe(
      `User: ${writer.arn} is not authorized to perform: kms:Decrypt on resource: ${key.Arn} because no identity-based policy allows the kms:Decrypt action`,
    );
  });

  it('lets a grant allow exactly its operations, under its encryption context constraint', async () => {
    const carol = await user(A, 'carol'); // no IAM policy at all
    const key = (await kms(rootOf(A)).send(new CreateKeyCommand({}))).KeyMetadata!;
    const plaintext = Buffer.from('granted');
    expect((await failure(kms(carol.credentials).send(new EncryptCommand({ KeyId: key.Arn, Plaintext: plaintext })))).name).toBe('AccessDeniedException');

    await kms(rootOf(A)).send(
      new CreateGrantCommand({
        KeyId: key.KeyId,
        GranteePrincipal: carol.arn,
        Operations: ['Encrypt'],
        Constraints: { EncryptionContextEquals: { project: 'alpha' } },
      }),
    );
    const sealed = await kms(carol.credentials).send(new EncryptCommand({ KeyId: key.Arn, Plaintext: plaintext, EncryptionContext: { project: 'alpha' } }));
    expect(sealed.CiphertextBlob).toBeDefined();
    // Another context, and any operation the grant does not list, stay denied.
    expect((await failure(kms(carol.credentials).send(new EncryptCommand({ KeyId: key.Arn, Plaintext: plaintext, EncryptionContext: { project: 'beta' } })))).name).toBe(
      'AccessDeniedException',
    );
    expect(
      (await failure(kms(carol.credentials).send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { project: 'alpha' } })))).name,
    ).toBe('AccessDeniedException');
  });

  it('needs both the key policy and the caller’s own IAM policy across accounts', async () => {
    const key = (await kms(rootOf(A)).send(new CreateKeyCommand({}))).KeyMetadata!;
    const outsider = await user(B, 'outsider', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: key.Arn }] });
    const encrypt = () => kms(outsider.credentials).send(new EncryptCommand({ KeyId: key.Arn, Plaintext: Buffer.from('cross') }));

    // Only the IAM side allows: the key policy (the default one) trusts account A alone.
    const onlyIam = await failure(encrypt());
    expect(onlyIam.name).toBe('AccessDeniedException');
    expect(onlyIam.message).toContain('because no resource-based policy allows the kms:Encrypt action');

    // The key policy now trusts account B as well: both sides allow.
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'Account B may encrypt', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'kms:Encrypt', Resource: '*' },
      ],
    };
    await kms(rootOf(A)).send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: JSON.stringify(policy) }));
    expect((await encrypt()).KeyId).toBe(key.Arn);

    // Only the key policy allows: the caller's own account no longer does.
    await iam(rootOf(B)).send(new DeleteUserPolicyCommand({ UserName: 'outsider', PolicyName: 'p' }));
    const onlyKeyPolicy = await failure(encrypt());
    expect(onlyKeyPolicy.name).toBe('AccessDeniedException');
    expect(onlyKeyPolicy.message).toContain('because no identity-based policy allows the kms:Encrypt action');
  });

  it('honours kms:EncryptionContext conditions', async () => {
    const backups = await user(A, 'backups', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'backup' } } }],
    });
    const key = (await kms(rootOf(A)).send(new CreateKeyCommand({}))).KeyMetadata!;
    const client = kms(backups.credentials);
    const sealed = await client.send(new EncryptCommand({ KeyId: key.Arn, Plaintext: Buffer.from('b'), EncryptionContext: { purpose: 'backup' } }));
    expect((await client.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { purpose: 'backup' } }))).KeyId).toBe(key.Arn);
    expect((await failure(client.send(new EncryptCommand({ KeyId: key.Arn, Plaintext: Buffer.from('b'), EncryptionContext: { purpose: 'other' } })))).name).toBe(
      'AccessDeniedException',
    );
    expect((await failure(client.send(new EncryptCommand({ KeyId: key.Arn, Plaintext: Buffer.from('b') })))).name).toBe('AccessDeniedException');
  });
});

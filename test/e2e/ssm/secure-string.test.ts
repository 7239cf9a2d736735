// SecureString parameters are encrypted through Rampart's KMS with Parameter Store's encryption
// context (PARAMETER_ARN), on SQLite and PostgreSQL: the value is in storage only as ciphertext,
// WithDecryption=false returns that ciphertext, a disabled, deleted or denying key makes reads fail
// as AWS reports it, and enabling the key makes them work again.
import { randomBytes } from 'node:crypto';
import {
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  ListAliasesCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  type KMS,
} from '@aws-sdk/client-kms';
import {
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { encodings, storageBytes } from '../../helpers/storage-search.js';
import { errorCode, failure, kmsClient, ssmClient, unique } from './support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;

describe.each(testBackends())('SecureString parameters on %s', (backend) => {
  let server: Server;
  let ssm: SSMClient;
  let kms: KMS;
  const secret = `ssm-secret-${randomBytes(12).toString('hex')}`;
  const advancedSecret = `ssm-advanced-${randomBytes(12).toString('hex')}`.padEnd(6000, 'z');
  const control = `ssm-control-${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
    ssm = await ssmClient(server);
    kms = await kmsClient(server);
  });
  afterAll(() => server?.destroy());

  it('encrypts under alias/aws/ssm by default, created on first use, with PARAMETER_ARN as context', async () => {
    const name = `/${unique('sec')}/db/password`;
    await ssm.send(new PutParameterCommand({ Name: name, Value: secret, Type: 'SecureString' }));
    const aliases = await kms.send(new ListAliasesCommand({}));
    expect(aliases.Aliases!.some((a) => a.AliasName === 'alias/aws/ssm' && a.TargetKeyId)).toBe(true);

    const clear = (await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter!;
    expect(clear).toMatchObject({ Value: secret, Type: 'SecureString', Version: 1 });
    const sealed = (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter!;
    expect(sealed.Value).not.toBe(secret);
    const blob = Buffer.from(sealed.Value!, 'base64');
    expect(blob.includes(Buffer.from(secret))).toBe(false);
    // The AWS managed key's policy allows its use only through Parameter Store (kms:ViaService).
    const direct = await failure(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { PARAMETER_ARN: clear.ARN! } })));
    expect(direct.name).toBe('AccessDeniedException');

    const described = (await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [name] }] }))).Parameters![0]!;
    expect(described).toMatchObject({ Type: 'SecureString', KeyId: 'alias/aws/ssm' });
    const filtered = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'KeyId', Values: ['alias/aws/ssm'] }, { Key: 'Name', Values: [name] }] }));
    expect(filtered.Parameters!.length).toBe(1);
  });

  it('keeps Advanced SecureStrings (envelope encrypted) and every version readable with decryption', async () => {
    const name = `/${unique('adv')}/cert`;
    expect((await ssm.send(new PutParameterCommand({ Name: name, Value: advancedSecret, Type: 'SecureString', Tier: 'Advanced' }))).Tier).toBe('Advanced');
    await ssm.send(new PutParameterCommand({ Name: name, Value: `${advancedSecret}-2`, Overwrite: true }));
    expect((await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter!.Value).toBe(`${advancedSecret}-2`);
    expect((await ssm.send(new GetParameterCommand({ Name: `${name}:1`, WithDecryption: true }))).Parameter!.Value).toBe(advancedSecret);
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: name, WithDecryption: true }));
    expect(history.Parameters!.map((p) => p.Value)).toEqual([advancedSecret, `${advancedSecret}-2`]);
    const undecrypted = await ssm.send(new GetParameterHistoryCommand({ Name: name }));
    expect(undecrypted.Parameters!.every((p) => !p.Value!.includes('ssm-advanced'))).toBe(true);
    const byPath = await ssm.send(new GetParametersByPathCommand({ Path: name.slice(0, name.lastIndexOf('/')), WithDecryption: true }));
    expect(byPath.Parameters![0]!.Value).toBe(`${advancedSecret}-2`);
  });

  it('fails reads while the key is disabled or denies the caller, as AWS reports it', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const base = `/${unique('cmk')}`;
    await ssm.send(new PutParameterCommand({ Name: `${base}/a`, Value: 'value-a', Type: 'SecureString', KeyId: key.KeyId }));
    await ssm.send(new PutParameterCommand({ Name: `${base}/b`, Value: 'value-b', Type: 'SecureString', KeyId: key.Arn }));
    await ssm.send(new PutParameterCommand({ Name: `${base}/plain`, Value: control, Type: 'String' }));

    // The ciphertext is KMS's: KMS decrypts it given Parameter Store's encryption context, and only with it.
    const sealedA = (await ssm.send(new GetParameterCommand({ Name: `${base}/a` }))).Parameter!;
    const blob = Buffer.from(sealedA.Value!, 'base64');
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { PARAMETER_ARN: sealedA.ARN! } }));
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('value-a');
    expect((await failure(kms.send(new DecryptCommand({ CiphertextBlob: blob })))).name).toBe('InvalidCiphertextException');

    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const disabled = await failure(ssm.send(new GetParameterCommand({ Name: `${base}/a`, WithDecryption: true })));
    expect(disabled.name).toBe('InvalidKeyId');
    expect(disabled.message).toContain('is disabled');
    expect(disabled.message).toContain('Error Code: DisabledException');
    expect(await errorCode(ssm.send(new GetParametersByPathCommand({ Path: base, WithDecryption: true })))).toBe('InvalidKeyId');
    expect(await errorCode(ssm.send(new PutParameterCommand({ Name: `${base}/c`, Value: 'v', Type: 'SecureString', KeyId: key.KeyId })))).toBe('InvalidKeyId');
    // Without decryption the ciphertext is still there.
    expect((await ssm.send(new GetParameterCommand({ Name: `${base}/a` }))).Parameter!.Value).toMatch(/^[A-Za-z0-9+/]+=*$/);
    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    expect((await ssm.send(new GetParameterCommand({ Name: `${base}/a`, WithDecryption: true }))).Parameter!.Value).toBe('value-a');

    // A key policy denying Decrypt for one parameter's encryption context.
    const arnA = (await ssm.send(new GetParameterCommand({ Name: `${base}/a` }))).Parameter!.ARN!;
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${key.AWSAccountId}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'deny-a', Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': arnA } } },
      ],
    };
    await kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: JSON.stringify(policy) }));
    const denied = await failure(ssm.send(new GetParameterCommand({ Name: `${base}/a`, WithDecryption: true })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('kms:Decrypt');
    expect((await ssm.send(new GetParameterCommand({ Name: `${base}/b`, WithDecryption: true }))).Parameter!.Value).toBe('value-b');
    expect(await errorCode(ssm.send(new GetParametersCommand({ Names: [`${base}/a`, `${base}/b`], WithDecryption: true })))).toBe('AccessDeniedException');

    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    const pending = await failure(ssm.send(new GetParameterCommand({ Name: `${base}/b`, WithDecryption: true })));
    expect(pending.name).toBe('InvalidKeyId');
    expect(pending.message).toContain('pending deletion');
    expect(await errorCode(ssm.send(new PutParameterCommand({ Name: `${base}/d`, Value: 'v', Type: 'SecureString', KeyId: 'alias/no-such-alias' })))).toBe('InvalidKeyId');
  });

  it('leaves no SecureString value in storage in any encoding (a String value is found by the same search)', async () => {
    const bytes = await storageBytes(server);
    expect(bytes.includes(Buffer.from(control))).toBe(true);
    for (const value of [secret, advancedSecret.slice(0, 40), 'value-a', 'value-b']) {
      for (const encoded of encodings(value)) expect(bytes.includes(encoded)).toBe(false);
    }
  });
});

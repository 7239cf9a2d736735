// Key management through the SDK: CreateKey for every supported spec and usage, DescribeKey's
// metadata, ListKeys pagination, descriptions, enabling and disabling, key policies (default policy,
// lockout safety check, malformed policies), tags and aliases, with AWS's errors.
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  GetKeyPolicyCommand,
  ListAliasesCommand,
  ListKeyPoliciesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
  EncryptCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';
import { bytes, createKey, failure, kmsClient } from './support.js';

const ROOT_POLICY = (account: string, extra: Record<string, unknown>[] = []) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }, ...extra],
  });

describe.each(testBackends())('key management on %s', (backend) => {
  let server: TestServer;
  let kms: KMSClient;
  let account: string;

  beforeAll(async () => {
    server = await startInProcess({ backend });
    kms = await kmsClient(server);
    account = (await createKey(kms)).AWSAccountId!;
  });
  afterAll(() => server?.destroy());

  it.each([
    ['SYMMETRIC_DEFAULT', undefined, { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] }],
    ['RSA_2048', 'ENCRYPT_DECRYPT', { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] }],
    ['RSA_3072', 'SIGN_VERIFY', { SigningAlgorithms: expect.arrayContaining(['RSASSA_PSS_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_512']) }],
    ['ECC_NIST_P256', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_256'] }],
    ['ECC_NIST_P384', 'KEY_AGREEMENT', { KeyAgreementAlgorithms: ['ECDH'] }],
    ['ECC_NIST_P521', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_512'] }],
    ['ECC_SECG_P256K1', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_256'] }],
    ['HMAC_224', 'GENERATE_VERIFY_MAC', { MacAlgorithms: ['HMAC_SHA_224'] }],
    ['HMAC_512', 'GENERATE_VERIFY_MAC', { MacAlgorithms: ['HMAC_SHA_512'] }],
  ] as const)('creates a %s key for %s with complete metadata', async (KeySpec, KeyUsage, algorithms) => {
    const created = await createKey(kms, { KeySpec, KeyUsage, Description: `a ${KeySpec} key` });
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: created.KeyId }));
    expect(KeyMetadata).toEqual(created);
    expect(KeyMetadata).toMatchObject({
      AWSAccountId: account,
      Arn: `arn:aws:kms:us-east-1:${account}:key/${created.KeyId}`,
      Enabled: true,
      KeyState: 'Enabled',
      KeySpec,
      CustomerMasterKeySpec: KeySpec,
      KeyUsage: KeyUsage ?? 'ENCRYPT_DECRYPT',
      KeyManager: 'CUSTOMER',
      Origin: 'AWS_KMS',
      MultiRegion: false,
      Description: `a ${KeySpec} key`,
      ...algorithms,
    });
    expect(KeyMetadata!.CreationDate).toBeInstanceOf(Date);
    expect(KeyMetadata!.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    if (KeySpec === 'SYMMETRIC_DEFAULT') expect(KeyMetadata!.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses key specs and usages that do not go together, and specs it does not serve', async () => {
    const cases = [
      [{ KeySpec: 'RSA_2048' as const }, 'ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.'],
      [{ KeySpec: 'HMAC_256' as const }, 'ValidationException', undefined],
      [{ KeySpec: 'ECC_SECG_P256K1' as const, KeyUsage: 'KEY_AGREEMENT' as const }, 'ValidationException', undefined],
      [{ KeySpec: 'SYMMETRIC_DEFAULT' as const, KeyUsage: 'SIGN_VERIFY' as const }, 'ValidationException', undefined],
      [{ KeySpec: 'RSA_2048' as const, KeyUsage: 'GENERATE_VERIFY_MAC' as const }, 'ValidationException', undefined],
      [{ KeySpec: 'RSA_2048' as const, CustomerMasterKeySpec: 'RSA_2048' as const, KeyUsage: 'SIGN_VERIFY' as const }, 'ValidationException', undefined],
      [{ KeySpec: 'SM2' as const, KeyUsage: 'SIGN_VERIFY' as const }, 'UnsupportedOperationException', 'KeySpec SM2 is supported only in the China Regions.'],
      [{ KeySpec: 'ML_DSA_65' as const, KeyUsage: 'SIGN_VERIFY' as const }, 'UnsupportedOperationException', undefined],
      [{ Origin: 'AWS_CLOUDHSM' as const }, 'UnsupportedOperationException', undefined],
      [{ CustomKeyStoreId: 'cks-1234567890abcdef0' }, 'CustomKeyStoreNotFoundException', undefined],
    ] as const;
    for (const [input, name, message] of cases) {
      const error = await failure(kms.send(new (await import('@aws-sdk/client-kms')).CreateKeyCommand(input)));
      expect(error.name, JSON.stringify(input)).toBe(name);
      if (message) expect(error.message).toBe(message);
    }
  });

  it('accepts the deprecated CustomerMasterKeySpec', async () => {
    const key = await createKey(kms, { CustomerMasterKeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(key.KeySpec).toBe('ECC_NIST_P256');
  });

  it('answers NotFoundException with AWS’s messages for unknown keys, key ids and aliases', async () => {
    const missing = '11111111-2222-3333-4444-555555555555';
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: missing })))).toMatchObject({
      name: 'NotFoundException',
      message: `Key 'arn:aws:kms:us-east-1:${account}:key/${missing}' does not exist`,
    });
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: 'not-a-key' })))).toMatchObject({ name: 'NotFoundException', message: "Invalid keyId 'not-a-key'" });
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: 'alias/nothing-here' })))).toMatchObject({
      name: 'NotFoundException',
      message: `Alias arn:aws:kms:us-east-1:${account}:alias/nothing-here is not found.`,
    });
    const key = await createKey(kms);
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: key.Arn!.replace('us-east-1', 'eu-west-1') })))).toMatchObject({ name: 'NotFoundException', message: 'Invalid arn eu-west-1' });
  });

  it('lists keys in pages', async () => {
    for (let i = 0; i < 3; i++) await createKey(kms);
    const all: string[] = [];
    let marker: string | undefined;
    do {
      const page = await kms.send(new ListKeysCommand({ Limit: 2, Marker: marker }));
      expect(page.Keys!.length).toBeLessThanOrEqual(2);
      all.push(...page.Keys!.map((k) => k.KeyId!));
      expect(page.Truncated).toBe(page.NextMarker !== undefined);
      marker = page.NextMarker;
    } while (marker);
    const { Keys } = await kms.send(new ListKeysCommand({}));
    expect(all).toEqual(Keys!.map((k) => k.KeyId));
    expect(new Set(all).size).toBe(all.length);
    expect((await failure(kms.send(new ListKeysCommand({ Marker: 'bogus-marker' })))).name).toBe('InvalidMarkerException');
  });

  it('updates descriptions and moves keys between Enabled and Disabled', async () => {
    const key = await createKey(kms);
    await kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId, Description: 'new words' }));
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata).toMatchObject({ Description: 'new words', KeyState: 'Disabled', Enabled: false });
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true });
    expect((await failure(kms.send(new EnableKeyCommand({ KeyId: 'alias/some-alias' })))).name).toBe('NotFoundException');
  });

  it('attaches AWS’s default key policy, and puts and validates new ones', async () => {
    const key = await createKey(kms);
    const { Policy, PolicyName } = await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId }));
    expect(PolicyName).toBe('default');
    expect(JSON.parse(Policy!)).toEqual({
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
    });
    expect(Policy).toContain('"Sid" : "Enable IAM User Permissions"');
    expect((await kms.send(new ListKeyPoliciesCommand({ KeyId: key.KeyId }))).PolicyNames).toEqual(['default']);

    const replacement = ROOT_POLICY(account, [{ Sid: 'read', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:DescribeKey', Resource: '*' }]);
    await kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: replacement }));
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId }))).Policy).toBe(replacement);
    expect((await failure(kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'other' })))).name).toBe('NotFoundException');

    expect((await failure(kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: '{"Version": "2012-10-17", ' })))).name).toBe('MalformedPolicyDocumentException');
    const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] });
    expect(await failure(kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: noPrincipal })))).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'Policy contains a statement with one or more invalid principals.',
    });
    const huge = ROOT_POLICY(account, [{ Sid: 'x'.repeat(33_000), Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:DescribeKey', Resource: '*' }]);
    expect((await failure(kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: huge })))).name).toBe('LimitExceededException');
  });

  it('refuses a policy that would lock the caller out, unless the safety check is bypassed', async () => {
    const key = await createKey(kms);
    const lockout = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
    });
    expect(await failure(kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: lockout })))).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'The new key policy will not allow you to update the key policy in the future.',
    });
    expect((await failure(kms.send(new (await import('@aws-sdk/client-kms')).CreateKeyCommand({ Policy: lockout })))).name).toBe('MalformedPolicyDocumentException');
    const created = await createKey(kms, { Policy: lockout, BypassPolicyLockoutSafetyCheck: true });
    expect(created.KeyState).toBe('Enabled');
  });

  it('tags keys with AWS’s rules', async () => {
    const key = await createKey(kms, { Tags: [{ TagKey: 'team', TagValue: 'blue' }] });
    await kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'env', TagValue: 'prod' }, { TagKey: 'team', TagValue: 'red' }] }));
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))).Tags).toEqual([
      { TagKey: 'env', TagValue: 'prod' },
      { TagKey: 'team', TagValue: 'red' },
    ]);
    await kms.send(new UntagResourceCommand({ KeyId: key.KeyId, TagKeys: ['env', 'absent'] }));
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))).Tags).toEqual([{ TagKey: 'team', TagValue: 'red' }]);
    expect((await failure(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'aws:reserved', TagValue: 'x' }] })))).name).toBe('TagException');
    const many = Array.from({ length: 50 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' }));
    expect((await failure(kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: many })))).name).toBe('LimitExceededException');
    const page1 = await kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId, Limit: 1 }));
    expect(page1.Truncated).toBe(false);
  });

  it('names keys with aliases, with AWS’s naming rules and errors', async () => {
    const first = await createKey(kms);
    const second = await createKey(kms);
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/app/key', TargetKeyId: first.KeyId }));
    expect((await failure(kms.send(new CreateAliasCommand({ AliasName: 'alias/app/key', TargetKeyId: second.KeyId })))).name).toBe('AlreadyExistsException');
    expect(await failure(kms.send(new CreateAliasCommand({ AliasName: 'app/key', TargetKeyId: first.KeyId })))).toMatchObject({
      name: 'ValidationException',
      message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    });
    expect((await failure(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: first.KeyId })))).name).toBe('InvalidAliasNameException');
    expect((await failure(kms.send(new CreateAliasCommand({ AliasName: 'alias/bad name', TargetKeyId: first.KeyId })))).name).toBe('ValidationException');

    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/app/key' }))).KeyMetadata!.KeyId).toBe(first.KeyId);
    await kms.send(new UpdateAliasCommand({ AliasName: 'alias/app/key', TargetKeyId: second.KeyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/app/key' }))).KeyMetadata!.KeyId).toBe(second.KeyId);
    const listed = await kms.send(new ListAliasesCommand({ KeyId: second.KeyId }));
    expect(listed.Aliases).toEqual([expect.objectContaining({ AliasName: 'alias/app/key', TargetKeyId: second.KeyId, AliasArn: `arn:aws:kms:us-east-1:${account}:alias/app/key` })]);
    expect((await kms.send(new ListAliasesCommand({ KeyId: first.KeyId }))).Aliases).toEqual([]);

    const hmac = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect((await failure(kms.send(new UpdateAliasCommand({ AliasName: 'alias/app/key', TargetKeyId: hmac.KeyId })))).name).toBe('ValidationException');
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/app/key' }));
    expect((await failure(kms.send(new DeleteAliasCommand({ AliasName: 'alias/app/key' })))).name).toBe('NotFoundException');
    expect((await failure(kms.send(new EncryptCommand({ KeyId: 'alias/app/key', Plaintext: bytes('x') })))).name).toBe('NotFoundException');

    for (let i = 0; i < 3; i++) await kms.send(new CreateAliasCommand({ AliasName: `alias/page-${i}`, TargetKeyId: first.KeyId }));
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await kms.send(new ListAliasesCommand({ Limit: 2, Marker: marker }));
      names.push(...page.Aliases!.map((a) => a.AliasName!));
      marker = page.NextMarker;
    } while (marker);
    expect(names).toEqual(expect.arrayContaining(['alias/page-0', 'alias/page-1', 'alias/page-2']));
    expect(new Set(names).size).toBe(names.length);
  });

  it('creates the AWS managed key of a predefined alias on first use', async () => {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ssm' }));
    expect(KeyMetadata).toMatchObject({ KeyManager: 'AWS', KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT' });
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ssm' }))).KeyMetadata!.KeyId).toBe(KeyMetadata!.KeyId);
    const policy = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId }))).Policy!);
    expect(policy.Statement[0].Condition.StringEquals).toEqual({ 'kms:CallerAccount': account, 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' });
    expect((await kms.send(new ListAliasesCommand({ KeyId: KeyMetadata!.KeyId }))).Aliases![0].AliasName).toBe('alias/aws/ssm');
    expect((await failure(kms.send(new DeleteAliasCommand({ AliasName: 'alias/aws/ssm' })))).name).toBe('InvalidAliasNameException');
  });
});

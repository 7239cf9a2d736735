// Secrets Manager through the AWS SDK on both backends: secrets, versions and staging labels,
// idempotency, metadata, listing and filters, tags, random passwords, deletion and restore, batches,
// version pruning, and AWS's errors for bad input (which change nothing).
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CreateAliasCommand, CreateKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { failure, kmsClientFor, smClient, stagesOf, uniqueName } from './support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;
const TOKEN = (n: number) => `token-${String(n).padStart(26, '0')}-abcdef`;

describe.each(testBackends())('Secrets Manager secrets on %s', (backend) => {
  let server: Server;
  let sm: SecretsManagerClient;

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
    sm = await smClient(server);
  });
  afterAll(() => server?.destroy());

  it('creates a secret with an ARN carrying a six-character suffix and reads it by name, full ARN and partial ARN', async () => {
    const name = uniqueName('app/db');
    const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: '{"password":"p1"}', Description: 'the app database' }));
    expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:\\d{12}:secret:${name}-[A-Za-z]{6}$`));
    expect(created.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    const partial = created.ARN!.slice(0, -7);
    for (const id of [name, created.ARN!, partial]) {
      const value = await sm.send(new GetSecretValueCommand({ SecretId: id }));
      expect(value).toMatchObject({ ARN: created.ARN, Name: name, SecretString: '{"password":"p1"}', VersionId: created.VersionId, VersionStages: ['AWSCURRENT'] });
    }
    // A full ARN with another suffix names no secret.
    expect((await failure(sm.send(new GetSecretValueCommand({ SecretId: `${partial}-AbCdEf` })))).name).toBe('ResourceNotFoundException');
  });

  it('stores binary secrets', async () => {
    const name = uniqueName('binary');
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    await sm.send(new CreateSecretCommand({ Name: name, SecretBinary: bytes }));
    const value = await sm.send(new GetSecretValueCommand({ SecretId: name }));
    expect(Buffer.from(value.SecretBinary!)).toEqual(bytes);
    expect(value.SecretString).toBeUndefined();
  });

  it('refuses bad input with AWS errors and creates nothing', async () => {
    const name = uniqueName('bad');
    const both = await failure(sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a', SecretBinary: Buffer.from('b') })));
    expect(both).toMatchObject({ name: 'InvalidParameterException', message: "You can't specify both a binary secret value and a string secret value in the same secret." });
    const badName = await failure(sm.send(new CreateSecretCommand({ Name: 'has space', SecretString: 'a' })));
    expect(badName.name).toBe('InvalidParameterException');
    const reserved = await failure(sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a', Tags: [{ Key: 'aws:x', Value: 'y' }] })));
    expect(reserved.name).toBe('InvalidParameterException');
    expect((await failure(sm.send(new DescribeSecretCommand({ SecretId: name })))).name).toBe('ResourceNotFoundException');
    const missing = await failure(sm.send(new GetSecretValueCommand({ SecretId: uniqueName('missing') })));
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
  });

  it('is idempotent by ClientRequestToken: same value, same version; different value, ResourceExistsException', async () => {
    const name = uniqueName('idem');
    const first = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1', ClientRequestToken: TOKEN(1) }));
    const again = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1', ClientRequestToken: TOKEN(1) }));
    expect(again.VersionId).toBe(TOKEN(1));
    expect(again.ARN).toBe(first.ARN);
    expect((await failure(sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v2', ClientRequestToken: TOKEN(1) })))).name).toBe('ResourceExistsException');
    const exists = await failure(sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' })));
    expect(exists).toMatchObject({ name: 'ResourceExistsException', message: `The operation failed because the secret ${name} already exists.` });

    const put = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v2', ClientRequestToken: TOKEN(2) }));
    const putAgain = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v2', ClientRequestToken: TOKEN(2) }));
    expect(putAgain.VersionId).toBe(put.VersionId);
    const conflict = await failure(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v3', ClientRequestToken: TOKEN(2) })));
    expect(conflict).toMatchObject({ name: 'ResourceExistsException', message: "You can't modify an existing version, you can only create new versions." });
    expect(Object.keys(await stagesOf(sm, name))).toHaveLength(2);
  });

  it('moves AWSCURRENT and AWSPREVIOUS as AWS does, and reads versions by id or label', async () => {
    const name = uniqueName('labels');
    const v1 = (await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }))).VersionId!;
    const v2 = (await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two' }))).VersionId!;
    expect(await stagesOf(sm, name)).toEqual({ [v1]: ['AWSPREVIOUS'], [v2]: ['AWSCURRENT'] });
    const v3 = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'three', VersionStages: ['AWSPENDING', 'custom'] }));
    expect(v3.VersionStages).toEqual(['AWSPENDING', 'custom']);
    expect(await stagesOf(sm, name)).toEqual({ [v1]: ['AWSPREVIOUS'], [v2]: ['AWSCURRENT'], [v3.VersionId!]: ['AWSPENDING', 'custom'] });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'custom' }))).SecretString).toBe('three');
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: v1 }))).SecretString).toBe('one');
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe('one');
    const mismatch = await failure(sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: v1, VersionStage: 'AWSCURRENT' })));
    expect(mismatch).toMatchObject({ name: 'InvalidRequestException', message: 'You provided a VersionStage that is not associated to the provided VersionId.' });
    const noLabel = await failure(sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'nothing' })));
    expect(noLabel).toMatchObject({ name: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret value for staging label: nothing" });

    // UpdateSecretVersionStage: a label attached elsewhere must be removed from where it is.
    const needsRemove = await failure(sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSCURRENT', MoveToVersionId: v3.VersionId })));
    expect(needsRemove.name).toBe('InvalidParameterException');
    expect(needsRemove.message).toContain(`Staging label AWSCURRENT is currently attached to version ${v2}`);
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSCURRENT', MoveToVersionId: v3.VersionId, RemoveFromVersionId: v2 }));
    expect(await stagesOf(sm, name)).toEqual({ [v2]: ['AWSPREVIOUS'], [v3.VersionId!]: ['AWSPENDING', 'custom', 'AWSCURRENT'] });
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'custom', RemoveFromVersionId: v3.VersionId }));
    const removeCurrent = await failure(sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSCURRENT', RemoveFromVersionId: v3.VersionId })));
    expect(removeCurrent.name).toBe('InvalidParameterException');

    // v1 lost its last label: deprecated, listed only with IncludeDeprecated.
    const listed = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name }));
    expect(listed.Versions!.map((v) => v.VersionId).sort()).toEqual([v2, v3.VersionId].sort());
    const all = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));
    expect(all.Versions!.map((v) => v.VersionId)).toContain(v1);
    expect(all.Versions![0].KmsKeyIds![0]).toMatch(/^arn:aws:kms:us-east-1:\d{12}:key\//);
    const page1 = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true, MaxResults: 2 }));
    expect(page1.Versions).toHaveLength(2);
    const page2 = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true, MaxResults: 2, NextToken: page1.NextToken }));
    expect(page2.Versions).toHaveLength(1);
    expect(page2.NextToken).toBeUndefined();
  });

  it('describes every field, and UpdateSecret changes description, key and value', async () => {
    const kms = await kmsClientFor(server);
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const alias = `alias/${uniqueName('sm-key')}`;
    await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: key.KeyId }));
    const name = uniqueName('described');
    const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 's1', Description: 'first', Tags: [{ Key: 'team', Value: 'core' }] }));
    await sm.send(new GetSecretValueCommand({ SecretId: name }));
    const described = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described).toMatchObject({ ARN: created.ARN, Name: name, Description: 'first', Tags: [{ Key: 'team', Value: 'core' }], PrimaryRegion: 'us-east-1' });
    expect(described.KmsKeyId).toBeUndefined();
    expect(described.RotationEnabled).toBeUndefined();
    expect(described.LastAccessedDate!.getTime() % 86_400_000).toBe(0);
    expect(described.CreatedDate).toBeInstanceOf(Date);

    const updated = await sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'second', KmsKeyId: alias }));
    expect(updated.VersionId).toBeUndefined();
    const after = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(after.Description).toBe('second');
    expect(after.KmsKeyId).toBe(`arn:aws:kms:us-east-1:${created.ARN!.split(':')[4]}:${alias}`);
    // The current version is now also encrypted under the new key.
    const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name }));
    expect(versions.Versions![0].KmsKeyIds).toContain(key.Arn);
    expect(versions.Versions![0].KmsKeyIds).toHaveLength(2);
    const valued = await sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 's2' }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('s2');
    expect((await sm.send(new ListSecretVersionIdsCommand({ SecretId: name }))).Versions!.find((v) => v.VersionId === valued.VersionId)!.KmsKeyIds).toEqual([key.Arn]);
  });

  it('tags and untags', async () => {
    const name = uniqueName('tagged');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'a', Value: '3' }] }));
    await sm.send(new UntagResourceCommand({ SecretId: name, TagKeys: ['b'] }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).Tags).toEqual([{ Key: 'a', Value: '3' }]);
    const reserved = await failure(sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'aws:owner', Value: 'x' }] })));
    expect(reserved.name).toBe('InvalidParameterException');
  });

  it('lists with filters, negation, sorting and pagination', async () => {
    const prefix = uniqueName('list');
    await sm.send(new CreateSecretCommand({ Name: `${prefix}/alpha`, SecretString: 'x', Description: 'Payment service key', Tags: [{ Key: 'env', Value: 'prod' }] }));
    await sm.send(new CreateSecretCommand({ Name: `${prefix}/beta`, SecretString: 'x', Tags: [{ Key: 'env', Value: 'dev' }] }));
    await sm.send(new CreateSecretCommand({ Name: `${prefix}/gamma`, SecretString: 'x' }));
    const names = async (filters: { Key: 'name' | 'tag-key' | 'tag-value' | 'description' | 'all'; Values: string[] }[], extra = {}) =>
      ((await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }, ...filters], ...extra }))).SecretList ?? []).map((s) => s.Name!.slice(prefix.length + 1));
    expect(await names([])).toEqual(['alpha', 'beta', 'gamma']);
    expect(await names([{ Key: 'tag-value', Values: ['prod'] }])).toEqual(['alpha']);
    expect(await names([{ Key: 'tag-key', Values: ['env'] }])).toEqual(['alpha', 'beta']);
    expect(await names([{ Key: 'name', Values: [`!${prefix}/b`] }])).toEqual(['alpha', 'gamma']);
    expect(await names([{ Key: 'description', Values: ['payment'] }])).toEqual(['alpha']);
    expect(await names([{ Key: 'all', Values: ['dev'] }])).toEqual(['beta']);
    expect(await names([], { SortOrder: 'desc' })).toEqual(['gamma', 'beta', 'alpha']);
    const first = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], MaxResults: 2 }));
    expect(first.SecretList).toHaveLength(2);
    const second = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], MaxResults: 2, NextToken: first.NextToken }));
    expect(second.SecretList!.map((s) => s.Name)).toEqual([`${prefix}/gamma`]);
    expect((await failure(sm.send(new ListSecretsCommand({ NextToken: 'bogus' })))).name).toBe('InvalidNextTokenException');
    expect(first.SecretList![0].SecretVersionsToStages).toBeDefined();
  });

  it('generates random passwords with every option', async () => {
    const plain = (await sm.send(new GetRandomPasswordCommand({}))).RandomPassword!;
    expect(plain).toHaveLength(32);
    expect(plain).toMatch(/[a-z]/);
    expect(plain).toMatch(/[A-Z]/);
    expect(plain).toMatch(/[0-9]/);
    expect(plain).toMatch(/[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/);
    const digits = (await sm.send(new GetRandomPasswordCommand({ PasswordLength: 4096, ExcludeLowercase: true, ExcludeUppercase: true, ExcludePunctuation: true }))).RandomPassword!;
    expect(digits).toMatch(/^[0-9]{4096}$/);
    const spaced = (await sm.send(new GetRandomPasswordCommand({ PasswordLength: 50, IncludeSpace: true, ExcludeCharacters: 'abcABC123', RequireEachIncludedType: true }))).RandomPassword!;
    expect(spaced).toContain(' ');
    expect(spaced).not.toMatch(/[abcABC123]/);
    expect((await failure(sm.send(new GetRandomPasswordCommand({ PasswordLength: 3 })))).message).toBe('Password length is too short based on the required types.');
    expect((await failure(sm.send(new GetRandomPasswordCommand({ PasswordLength: 4097 })))).name).toBe('ValidationException');
    expect((await failure(sm.send(new GetRandomPasswordCommand({ PasswordLength: 0 })))).name).toBe('ValidationException');
    const short = (await sm.send(new GetRandomPasswordCommand({ PasswordLength: 1, RequireEachIncludedType: false }))).RandomPassword!;
    expect(short).toHaveLength(1);
  });

  it('deletes after the recovery window, refuses reads meanwhile, restores, and force-deletes', async () => {
    const name = uniqueName('doomed');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const both = await failure(sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })));
    expect(both).toMatchObject({ name: 'InvalidParameterException', message: "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays." });
    expect((await failure(sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 6 })))).message).toBe('The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
    const deleted = await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    const marked = await failure(sm.send(new GetSecretValueCommand({ SecretId: name })));
    expect(marked).toMatchObject({ name: 'InvalidRequestException', message: "You can't perform this operation on the secret because it was marked for deletion." });
    expect((await failure(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'y' })))).name).toBe('InvalidRequestException');
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate).toEqual(deleted.DeletionDate);
    const listedNames = async (include: boolean) => ((await sm.send(new ListSecretsCommand({ IncludePlannedDeletion: include, Filters: [{ Key: 'name', Values: [name] }] }))).SecretList ?? []).map((s) => s.Name);
    expect(await listedNames(false)).toEqual([]);
    expect(await listedNames(true)).toEqual([name]);
    await sm.send(new RestoreSecretCommand({ SecretId: name }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('x');

    await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    await server.advanceClock(6 * 86_400);
    const client = await smClient(server);
    expect((await client.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate).toBeDefined();
    await server.advanceClock(86_400 + 60);
    const after = await smClient(server);
    expect((await failure(after.send(new DescribeSecretCommand({ SecretId: name })))).name).toBe('ResourceNotFoundException');
    // The name is free again, with a new ARN.
    const reborn = await after.send(new CreateSecretCommand({ Name: name, SecretString: 'new' }));
    expect(reborn.ARN).not.toBe(deleted.ARN);
    const forced = await after.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    expect(forced.ARN).toBe(reborn.ARN);
    expect((await failure(after.send(new GetSecretValueCommand({ SecretId: name })))).name).toBe('ResourceNotFoundException');
    sm = after;
  });

  it('reads batches by id list (errors per secret) and by filter', async () => {
    const prefix = uniqueName('batch');
    await sm.send(new CreateSecretCommand({ Name: `${prefix}/a`, SecretString: 'A' }));
    await sm.send(new CreateSecretCommand({ Name: `${prefix}/b`, SecretString: 'B' }));
    await sm.send(new CreateSecretCommand({ Name: `${prefix}/empty` }));
    const byList = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: [`${prefix}/a`, `${prefix}/missing`, `${prefix}/empty`] }));
    expect(byList.SecretValues!.map((v) => v.SecretString)).toEqual(['A']);
    expect(byList.Errors!.map((e) => [e.SecretId, e.ErrorCode])).toEqual([
      [`${prefix}/missing`, 'ResourceNotFoundException'],
      [`${prefix}/empty`, 'ResourceNotFoundException'],
    ]);
    const byFilter = await sm.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [`${prefix}/`] }], MaxResults: 1 }));
    expect(byFilter.SecretValues!.map((v) => v.SecretString)).toEqual(['A']);
    const next = await sm.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [`${prefix}/`] }], MaxResults: 1, NextToken: byFilter.NextToken }));
    expect(next.SecretValues!.map((v) => v.SecretString)).toEqual(['B']);
    const neither = await failure(sm.send(new BatchGetSecretValueCommand({})));
    expect(neither.name).toBe('InvalidParameterException');
  });

  it('prunes deprecated versions past 100, oldest first, but not those younger than 24 hours', async () => {
    const name = uniqueName('many');
    const first = (await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v0' }))).VersionId!;
    for (let i = 1; i < 100; i++) await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: `v${i}` }));
    const count = async () => (await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true, MaxResults: 100 }))).Versions!.length;
    expect(await count()).toBe(100);
    const quota = await failure(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v100' })));
    expect(quota.name).toBe('LimitExceededException');
    expect(await count()).toBe(100);
    await server.advanceClock(25 * 3600);
    sm = await smClient(server);
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v100' }));
    const ids = (await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true, MaxResults: 100 }))).Versions!.map((v) => v.VersionId);
    expect(ids).toHaveLength(100);
    expect(ids).not.toContain(first);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('v100');
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe('v99');
  });
});

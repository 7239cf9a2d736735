// Identity policies and the secret's resource policy decide every Secrets Manager call together, with
// the KMS key's policy for the value: condition keys (secretsmanager:ResourceTag, VersionStage, Name),
// explicit denies in the resource policy, cross-account reads (which need the resource policy, the
// caller's IAM policy and a customer managed key: an AWS managed key cannot be used across accounts),
// BlockPublicPolicy, and ValidateResourcePolicy.
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  ValidateResourcePolicyCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type Credentials, type TestServer } from '../../helpers/rampart.js';
import { failure, uniqueName } from './support.js';

const A = '111111111111';
const B = '222222222222';
const rootOf = (account: string): Credentials => ({ accessKeyId: account, secretAccessKey: 'development-mode' });
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe.each(testBackends())('Secrets Manager authorization on %s', (backend) => {
  let server: TestServer;
  const sm = (credentials: Credentials) => new SecretsManagerClient(server.clientConfig(credentials));

  async function user(account: string, name: string, policy?: string): Promise<{ arn: string; credentials: Credentials }> {
    const admin = new IAMClient(server.clientConfig(rootOf(account)));
    const created = await admin.send(new CreateUserCommand({ UserName: name }));
    if (policy) await admin.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
    const key = (await admin.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { arn: created.User!.Arn!, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } };
  }

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
  });
  afterAll(() => server?.destroy());

  it('enforces identity policies with Secrets Manager condition keys', async () => {
    const owner = sm(rootOf(A));
    const tagged = await owner.send(new CreateSecretCommand({ Name: uniqueName('team-a'), SecretString: 'a', Tags: [{ Key: 'team', Value: 'a' }] }));
    const other = await owner.send(new CreateSecretCommand({ Name: uniqueName('team-b'), SecretString: 'b', Tags: [{ Key: 'team', Value: 'b' }] }));
    const reader = await user(A, 'team-a-reader', doc(
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'secretsmanager:ResourceTag/team': 'a', 'secretsmanager:VersionStage': 'AWSCURRENT' } } },
      { Effect: 'Allow', Action: 'secretsmanager:BatchGetSecretValue', Resource: '*' },
    ));
    const client = sm(reader.credentials);
    expect((await client.send(new GetSecretValueCommand({ SecretId: tagged.ARN }))).SecretString).toBe('a');
    const denied = await failure(client.send(new GetSecretValueCommand({ SecretId: other.ARN })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toBe(`User: ${reader.arn} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${other.ARN} because no identity-based policy allows the secretsmanager:GetSecretValue action`);
    expect((await failure(client.send(new GetSecretValueCommand({ SecretId: tagged.ARN, VersionStage: 'AWSPREVIOUS' })))).name).toBe('AccessDeniedException');
    expect((await failure(client.send(new PutSecretValueCommand({ SecretId: tagged.ARN, SecretString: 'x' })))).name).toBe('AccessDeniedException');
    const batch = await client.send(new BatchGetSecretValueCommand({ SecretIdList: [tagged.ARN!, other.ARN!] }));
    expect(batch.SecretValues!.map((v) => v.ARN)).toEqual([tagged.ARN]);
    expect(batch.Errors).toEqual([expect.objectContaining({ SecretId: other.ARN, ErrorCode: 'AccessDeniedException' })]);
  });

  it('lets a resource policy allow and deny within the account', async () => {
    const owner = sm(rootOf(A));
    const secret = await owner.send(new CreateSecretCommand({ Name: uniqueName('shared'), SecretString: 's' }));
    const carol = await user(A, 'carol');
    expect((await failure(sm(carol.credentials).send(new GetSecretValueCommand({ SecretId: secret.ARN })))).name).toBe('AccessDeniedException');
    await owner.send(new PutResourcePolicyCommand({ SecretId: secret.ARN, ResourcePolicy: doc({ Effect: 'Allow', Principal: { AWS: carol.arn }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }) }));
    expect((await sm(carol.credentials).send(new GetSecretValueCommand({ SecretId: secret.ARN }))).SecretString).toBe('s');
    expect((await owner.send(new GetResourcePolicyCommand({ SecretId: secret.ARN }))).ResourcePolicy).toContain(carol.arn);
    // An explicit deny in the resource policy binds even the account root.
    await owner.send(new PutResourcePolicyCommand({ SecretId: secret.ARN, ResourcePolicy: doc({ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }) }));
    const denied = await failure(owner.send(new GetSecretValueCommand({ SecretId: secret.ARN })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('with an explicit deny in a resource-based policy');
    await owner.send(new DeleteResourcePolicyCommand({ SecretId: secret.ARN }));
    expect((await owner.send(new GetSecretValueCommand({ SecretId: secret.ARN }))).SecretString).toBe('s');
    expect((await owner.send(new GetResourcePolicyCommand({ SecretId: secret.ARN }))).ResourcePolicy).toBeUndefined();
  });

  it('reads across accounts only with the resource policy, the caller’s IAM policy and a customer managed key', async () => {
    const owner = sm(rootOf(A));
    const keyPolicy = doc(
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } },
    );
    const key = (await new KMSClient(server.clientConfig(rootOf(A))).send(new CreateKeyCommand({ Policy: keyPolicy }))).KeyMetadata!;
    const shared = await owner.send(new CreateSecretCommand({ Name: uniqueName('xacct'), SecretString: 'for B', KmsKeyId: key.Arn }));
    const managed = await owner.send(new CreateSecretCommand({ Name: uniqueName('xacct-managed'), SecretString: 'stays in A' }));
    // Across accounts the caller's own IAM policy must allow the KMS key too, as in AWS.
    const dave = await user(B, 'dave', doc({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'kms:Decrypt'], Resource: '*' }));
    const client = sm(dave.credentials);
    expect((await failure(client.send(new GetSecretValueCommand({ SecretId: shared.ARN })))).name).toBe('AccessDeniedException');
    const grant = (arn: string) => doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    await owner.send(new PutResourcePolicyCommand({ SecretId: shared.ARN, ResourcePolicy: grant(shared.ARN!) }));
    await owner.send(new PutResourcePolicyCommand({ SecretId: managed.ARN, ResourcePolicy: grant(managed.ARN!) }));
    expect((await client.send(new GetSecretValueCommand({ SecretId: shared.ARN }))).SecretString).toBe('for B');
    // By name the caller's own account is searched: B has no such secret.
    expect((await failure(client.send(new GetSecretValueCommand({ SecretId: shared.Name })))).name).toBe('ResourceNotFoundException');
    const managedKey = await failure(client.send(new GetSecretValueCommand({ SecretId: managed.ARN })));
    expect(managedKey).toMatchObject({ name: 'InvalidRequestException', message: "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key." });
    // Without its own IAM policy the other account's user is refused even with the resource policy.
    const erin = await user(B, 'erin');
    expect((await failure(sm(erin.credentials).send(new GetSecretValueCommand({ SecretId: shared.ARN })))).name).toBe('AccessDeniedException');
  });

  it('blocks public policies when asked, and validates policies', async () => {
    const owner = sm(rootOf(A));
    const secret = await owner.send(new CreateSecretCommand({ Name: uniqueName('public'), SecretString: 'p' }));
    const open = doc({ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    const limited = doc({ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': A } } });
    const refused = await failure(owner.send(new PutResourcePolicyCommand({ SecretId: secret.ARN, ResourcePolicy: open, BlockPublicPolicy: true })));
    expect(refused).toMatchObject({ name: 'PublicPolicyException', message: 'The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.' });
    expect((await owner.send(new GetResourcePolicyCommand({ SecretId: secret.ARN }))).ResourcePolicy).toBeUndefined();
    await owner.send(new PutResourcePolicyCommand({ SecretId: secret.ARN, ResourcePolicy: limited, BlockPublicPolicy: true }));
    await owner.send(new PutResourcePolicyCommand({ SecretId: secret.ARN, ResourcePolicy: open }));

    const validated = await owner.send(new ValidateResourcePolicyCommand({ SecretId: secret.ARN, ResourcePolicy: open }));
    expect(validated.PolicyValidationPassed).toBe(false);
    expect(validated.ValidationErrors!.map((e) => e.CheckName)).toEqual(['BROAD_ACCESS_CHECK']);
    expect(await owner.send(new ValidateResourcePolicyCommand({ ResourcePolicy: limited }))).toMatchObject({ PolicyValidationPassed: true, ValidationErrors: [] });
    const malformed = await failure(owner.send(new ValidateResourcePolicyCommand({ ResourcePolicy: '{"Statement": [{"Effect": "Perhaps"}]}' })));
    expect(malformed.name).toBe('MalformedPolicyDocumentException');
    const badPut = await failure(owner.send(new PutResourcePolicyCommand({ SecretId: secret.ARN, ResourcePolicy: 'not json' })));
    expect(badPut.name).toBe('MalformedPolicyDocumentException');
  });
});

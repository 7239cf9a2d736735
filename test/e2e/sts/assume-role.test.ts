// AssumeRole through @aws-sdk/client-sts and the AWS CLI on both backends, in development mode (two
// accounts; the clock moves): the trust policy and the caller's own permissions both decide, across
// accounts; ExternalId; MFA with real TOTP codes; durations and role chaining; session policies, tags
// and source identity; temporary credentials that work and then expire. Enforcement needs the
// pipeline's authorizer to use src/iam's evaluator with createIamIdentityPolicySource().
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteUserPolicyCommand,
  EnableMFADeviceCommand,
  GetRoleCommand,
  IAMClient,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type Credentials as StsCredentials } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, cliErrorCode } from '../../helpers/aws-cli.js';
import { startInProcess, testBackends, type Credentials } from '../../helpers/rampart.js';
import { clients, failure, mfaCode, policy, trustPolicy } from '../iam/support.js';

const A = '000000000000';
const B = '222222222222';
const roleArn = (name: string, account = A) => `arn:aws:iam::${account}:role/${name}`;
const asCredentials = (c: StsCredentials): Credentials => ({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });

describe.each(testBackends())('sts:AssumeRole on %s', (backend) => {
  let server: Awaited<ReturnType<typeof startInProcess>>;
  let iamA: IAMClient;
  let iamB: IAMClient;
  let bob: Credentials; // user "bob" of account B
  let ann: Credentials; // user "ann" of account A

  async function userWithKey(iam: IAMClient, name: string, ...documents: string[]): Promise<Credentials> {
    await iam.send(new CreateUserCommand({ UserName: name }));
    for (const [i, document] of documents.entries()) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: `p${i}`, PolicyDocument: document }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  }
  const sts = (credentials: Credentials) => new STSClient(server.clientConfig(credentials));

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
    iamA = new IAMClient(server.clientConfig());
    // Development mode: a 12-digit access key id acts as that account's root user.
    iamB = new IAMClient(server.clientConfig({ accessKeyId: B, secretAccessKey: 'x'.repeat(40) }));
    bob = await userWithKey(iamB, 'bob', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/*` }));
    ann = await userWithKey(iamA, 'ann');
    await iamA.send(
      new CreateRoleCommand({
        RoleName: 'partner',
        AssumeRolePolicyDocument: trustPolicy({ AWS: `arn:aws:iam::${B}:root` }, { Condition: { StringEquals: { 'sts:ExternalId': 'shared-secret' } } }),
      }),
    );
    await iamA.send(new PutRolePolicyCommand({ RoleName: 'partner', PolicyName: 'list', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }) }));
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('across accounts: the trust policy (with ExternalId) and the caller permission both allow', async () => {
    const missing = await failure(sts(bob).send(new AssumeRoleCommand({ RoleArn: roleArn('partner'), RoleSessionName: 'bob' })));
    expect(missing).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(missing.message).toMatch(new RegExp(`^User: arn:aws:iam::${B}:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${A}:role/partner`));
    expect((await failure(sts(bob).send(new AssumeRoleCommand({ RoleArn: roleArn('partner'), RoleSessionName: 'bob', ExternalId: 'wrong' })))).name).toBe('AccessDenied');

    const assumed = await sts(bob).send(new AssumeRoleCommand({ RoleArn: roleArn('partner'), RoleSessionName: 'bob-session', ExternalId: 'shared-secret' }));
    const roleId = (await iamA.send(new GetRoleCommand({ RoleName: 'partner' }))).Role!.RoleId!;
    expect(assumed.AssumedRoleUser).toEqual({ AssumedRoleId: `${roleId}:bob-session`, Arn: `arn:aws:sts::${A}:assumed-role/partner/bob-session` });
    expect(assumed.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(assumed.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(3500_000);
    expect(assumed.PackedPolicySize).toBeUndefined();

    const session = asCredentials(assumed.Credentials!);
    expect(await sts(session).send(new GetCallerIdentityCommand({}))).toMatchObject({
      Account: A,
      Arn: `arn:aws:sts::${A}:assumed-role/partner/bob-session`,
      UserId: `${roleId}:bob-session`,
    });
    // The session has the role's permissions, in the role's account.
    expect((await new IAMClient(server.clientConfig(session)).send(new ListRolesCommand({}))).Roles!.map((r) => r.RoleName)).toContain('partner');
    expect((await iamA.send(new GetRoleCommand({ RoleName: 'partner' }))).Role!.RoleLastUsed!.LastUsedDate).toBeInstanceOf(Date);

    // Without its own permission the caller is refused, though the trust policy still allows its account.
    await iamB.send(new DeleteUserPolicyCommand({ UserName: 'bob', PolicyName: 'p0' }));
    expect((await failure(sts(bob).send(new AssumeRoleCommand({ RoleArn: roleArn('partner'), RoleSessionName: 'bob', ExternalId: 'shared-secret' })))).name).toBe('AccessDenied');
    await iamB.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'p0', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }));
  });

  it('same account: a trust policy naming the user suffices; one naming the account needs the user permission', async () => {
    await iamA.send(new CreateRoleCommand({ RoleName: 'for-ann', AssumeRolePolicyDocument: trustPolicy({ AWS: `arn:aws:iam::${A}:user/ann` }) }));
    await iamA.send(new CreateRoleCommand({ RoleName: 'for-account', AssumeRolePolicyDocument: trustPolicy({ AWS: `arn:aws:iam::${A}:root` }) }));
    expect((await sts(ann).send(new AssumeRoleCommand({ RoleArn: roleArn('for-ann'), RoleSessionName: 'ann' }))).Credentials).toBeDefined();
    expect((await failure(sts(ann).send(new AssumeRoleCommand({ RoleArn: roleArn('for-account'), RoleSessionName: 'ann' })))).name).toBe('AccessDenied');
    expect((await failure(sts(bob).send(new AssumeRoleCommand({ RoleArn: roleArn('for-ann'), RoleSessionName: 'bob' })))).name).toBe('AccessDenied');
  });

  it('refuses the root user, unknown roles and bad input, with AWS errors', async () => {
    const root = new STSClient(server.clientConfig());
    expect(await failure(root.send(new AssumeRoleCommand({ RoleArn: roleArn('for-ann'), RoleSessionName: 'root' })))).toMatchObject({
      name: 'AccessDenied',
      message: 'Roles may not be assumed by root accounts.',
    });
    const unknown = await failure(sts(ann).send(new AssumeRoleCommand({ RoleArn: roleArn('nope'), RoleSessionName: 'ann' })));
    expect(unknown.name).toBe('AccessDenied');
    expect((await failure(sts(ann).send(new AssumeRoleCommand({ RoleArn: roleArn('for-ann'), RoleSessionName: 'bad name' })))).name).toBe('ValidationError');
    expect((await failure(sts(ann).send(new AssumeRoleCommand({ RoleArn: roleArn('for-ann'), RoleSessionName: 'ann', DurationSeconds: 600 })))).name).toBe('ValidationError');
    expect(await failure(sts(ann).send(new AssumeRoleCommand({ RoleArn: roleArn('for-ann'), RoleSessionName: 'ann', DurationSeconds: 7200 })))).toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
    const malformed = await failure(sts(ann).send(new AssumeRoleCommand({ RoleArn: roleArn('for-ann'), RoleSessionName: 'ann', Policy: '{"Version":"2012-10-17"' })));
    expect(malformed).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 });
  });

  it('MFA required by the trust policy: no code or a wrong code fails, the right code succeeds', async () => {
    await iamA.send(
      new CreateRoleCommand({
        RoleName: 'needs-mfa',
        AssumeRolePolicyDocument: trustPolicy({ AWS: `arn:aws:iam::${A}:user/ann` }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
      }),
    );
    const device = (await iamA.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'ann-phone' }))).VirtualMFADevice!;
    const seed = Buffer.from(device.Base32StringSeed!).toString('ascii');
    await iamA.send(
      new EnableMFADeviceCommand({ UserName: 'ann', SerialNumber: device.SerialNumber, AuthenticationCode1: await mfaCode(server, seed, -1), AuthenticationCode2: await mfaCode(server, seed) }),
    );
    const request = { RoleArn: roleArn('needs-mfa'), RoleSessionName: 'ann' };
    expect((await failure(sts(ann).send(new AssumeRoleCommand(request)))).name).toBe('AccessDenied');
    const good = await mfaCode(server, seed);
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
    expect(await failure(sts(ann).send(new AssumeRoleCommand({ ...request, SerialNumber: device.SerialNumber, TokenCode: wrong })))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
      message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    });
    const assumed = await sts(ann).send(new AssumeRoleCommand({ ...request, SerialNumber: device.SerialNumber, TokenCode: await mfaCode(server, seed) }));
    expect(assumed.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${A}:assumed-role/needs-mfa/ann`);
  });

  it('session policies narrow the role permissions, and PackedPolicySize is reported', async () => {
    await iamA.send(new AttachRolePolicyCommand({ RoleName: 'for-ann', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
    const { sts: annSts } = await clients(server, ann);
    const assumed = await annSts.send(
      new AssumeRoleCommand({ RoleArn: roleArn('for-ann'), RoleSessionName: 'narrow', Policy: policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }),
    );
    expect(assumed.PackedPolicySize).toBeGreaterThan(0);
    expect(assumed.PackedPolicySize).toBeLessThanOrEqual(100);
    const { iam: narrow } = await clients(server, asCredentials(assumed.Credentials!));
    expect((await narrow.send(new ListUsersCommand({}))).Users).toBeDefined();
    const denied = await failure(narrow.send(new ListRolesCommand({})));
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toMatch(/because no session policy allows the iam:ListRoles action$/);

    const byArn = await annSts.send(
      new AssumeRoleCommand({ RoleArn: roleArn('for-ann'), RoleSessionName: 'managed', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }] }),
    );
    expect((await failure((await clients(server, asCredentials(byArn.Credentials!))).iam.send(new ListUsersCommand({})))).name).toBe('AccessDenied');
  });

  it('session tags need sts:TagSession, act as principal tags, and transitive ones carry into chained sessions', async () => {
    const tagged = policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } });
    await iamA.send(new CreateRoleCommand({ RoleName: 'tagger', AssumeRolePolicyDocument: trustPolicy({ AWS: `arn:aws:iam::${A}:user/ann` }) }));
    await iamA.send(new PutRolePolicyCommand({ RoleName: 'tagger', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }));
    await iamA.send(new PutRolePolicyCommand({ RoleName: 'tagger', PolicyName: 'tagged', PolicyDocument: tagged }));
    const { sts: annSts } = await clients(server, ann);
    const tags = { Tags: [{ Key: 'team', Value: 'blue' }], TransitiveTagKeys: ['team'] };
    expect((await failure(annSts.send(new AssumeRoleCommand({ RoleArn: roleArn('tagger'), RoleSessionName: 'tagged', ...tags })))).name).toBe('AccessDenied');

    await iamA.send(
      new CreateRoleCommand({
        RoleName: 'tagger2',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/ann` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
        }),
      }),
    );
    await iamA.send(new PutRolePolicyCommand({ RoleName: 'tagger2', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }));
    await iamA.send(new PutRolePolicyCommand({ RoleName: 'tagger2', PolicyName: 'tagged', PolicyDocument: tagged }));
    const first = await annSts.send(new AssumeRoleCommand({ RoleArn: roleArn('tagger2'), RoleSessionName: 'tagged', ...tags }));
    expect(first.PackedPolicySize).toBeGreaterThan(0);
    const firstSession = await clients(server, asCredentials(first.Credentials!));
    expect((await firstSession.iam.send(new ListUsersCommand({}))).Users).toBeDefined();

    // Role chaining: the transitive tag arrives in the next session; chained sessions last at most an hour.
    await iamA.send(
      new CreateRoleCommand({
        RoleName: 'chained',
        MaxSessionDuration: 43200,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/tagger2` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
        }),
      }),
    );
    await iamA.send(new PutRolePolicyCommand({ RoleName: 'chained', PolicyName: 'tagged', PolicyDocument: tagged }));
    expect(
      await failure(firstSession.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('chained'), RoleSessionName: 'chain', DurationSeconds: 7200 }))),
    ).toMatchObject({ name: 'ValidationError', message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.' });
    const chained = await firstSession.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('chained'), RoleSessionName: 'chain' }));
    expect((await (await clients(server, asCredentials(chained.Credentials!))).iam.send(new ListUsersCommand({}))).Users).toBeDefined();
  });

  it('SourceIdentity needs sts:SetSourceIdentity and is returned', async () => {
    const { sts: annSts } = await clients(server, ann);
    const refused = await failure(annSts.send(new AssumeRoleCommand({ RoleArn: roleArn('for-ann'), RoleSessionName: 'traced', SourceIdentity: 'ann@example.com' })));
    expect(refused, refused.message).toMatchObject({ name: 'AccessDenied' });
    await iamA.send(
      new CreateRoleCommand({
        RoleName: 'traced',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/ann` }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] }],
        }),
      }),
    );
    const assumed = await annSts.send(new AssumeRoleCommand({ RoleArn: roleArn('traced'), RoleSessionName: 'traced', SourceIdentity: 'ann@example.com' }));
    expect(assumed.SourceIdentity).toBe('ann@example.com');
  });

  it('the AWS CLI assumes a role and uses the session', async () => {
    const { iam: rootA } = await clients(server);
    await rootA.send(new CreateRoleCommand({ RoleName: 'cli-role', AssumeRolePolicyDocument: trustPolicy({ AWS: `arn:aws:iam::${A}:user/ann` }) }));
    const assumed = await awsCli(server, ['sts', 'assume-role', '--role-arn', roleArn('cli-role'), '--role-session-name', 'cli'], ann, { AWS_MAX_ATTEMPTS: '1' });
    expect(assumed.code).toBe(0);
    const { Credentials, AssumedRoleUser } = JSON.parse(assumed.stdout);
    expect(AssumedRoleUser.Arn).toBe(`arn:aws:sts::${A}:assumed-role/cli-role/cli`);
    const identity = await awsCli(server, ['sts', 'get-caller-identity'], {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
    });
    expect(JSON.parse(identity.stdout).Arn).toBe(`arn:aws:sts::${A}:assumed-role/cli-role/cli`);
    expect(cliErrorCode(await awsCli(server, ['sts', 'assume-role', '--role-arn', roleArn('nope'), '--role-session-name', 'cli'], ann))).toBe('AccessDenied');
  });
  // Last: it moves the clock, which the AWS CLI (signing with the system clock) does not follow.
  it('temporary credentials work until they expire, then get ExpiredToken', async () => {
    const assumed = await sts(ann).send(new AssumeRoleCommand({ RoleArn: roleArn('for-ann'), RoleSessionName: 'short', DurationSeconds: 900 }));
    const session = asCredentials(assumed.Credentials!);
    expect((await (await clients(server, session)).sts.send(new GetCallerIdentityCommand({}))).Arn).toContain('assumed-role/for-ann/short');
    await server.advanceClock(901);
    const { sts: later } = await clients(server, session);
    expect(await failure(later.send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'ExpiredToken',
      status: 403,
      message: 'The security token included in the request is expired',
    });
    // A week after expiry the scheduler deletes the record, leaving a tombstone behind.
    expect(await server.server.store.get(`cred/${session.accessKeyId}`)).toBeDefined();
    await server.advanceClock(7 * 24 * 3600);
    expect(await server.server.store.get(`cred/${session.accessKeyId}`)).toBeUndefined();
    expect(await server.server.store.get(`cred-revoked/${session.accessKeyId}`)).toBeDefined();
  });

});

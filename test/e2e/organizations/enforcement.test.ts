// Organization guardrails enforced on real requests, on both backends, in development mode:
//   - an SCP denying kms:ScheduleKeyDeletion stops every administrator of a member account (the
//     OrganizationAccountAccessRole session assumed from the management account, an IAM user with
//     AdministratorAccess made by that role, the account's root user) and not the management account;
//     detaching it restores access on the next request;
//   - a FullAWSAccess-only tree allows; an allow-list SCP replacing FullAWSAccess on an OU denies what
//     it does not list for the accounts under it, and moving the account out lifts it;
//   - an RCP denying KMS use of member-account keys to principals outside the organization, as AWS
//     documents it (not the management account's keys, not principals of the organization);
//   - aws:PrincipalOrgID and aws:PrincipalOrgPaths in resource policies.
import { CreateKeyCommand, EncryptCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type Credentials, type TestServer } from '../../helpers/rampart.js';
import { accessRoleSession, adminUser, createAccount, failure, FULL_AWS_ACCESS, iamClient, organizations, policy, rootOf } from './support.js';

const MANAGEMENT = '000000000000';
const OUTSIDER = '999999999999';

describe.each(testBackends())('organization guardrails on %s', (backend) => {
  let server: TestServer;
  let org: OrganizationsClient;
  let orgId: string;
  let rootId: string;
  let admin: Credentials; // an administrator of the management account
  const kms = (credentials?: Credentials) => new KMSClient(server.clientConfig(credentials));

  async function scp(name: string, document: string, type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY' = 'SERVICE_CONTROL_POLICY') {
    return (await org.send(new CreatePolicyCommand({ Name: name, Description: name, Type: type, Content: document }))).Policy!.PolicySummary!;
  }

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
    org = organizations(server);
    const created = (await org.send(new CreateOrganizationCommand({}))).Organization!;
    orgId = created.Id!;
    rootId = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
    admin = await adminUser(iamClient(server), 'admin');
    // The outside account exists (development mode makes it on first use) so key policies may name it.
    await new STSClient(server.clientConfig(rootOf(OUTSIDER))).send(new GetCallerIdentityCommand({}));
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('an SCP denying kms:ScheduleKeyDeletion stops a member account administrator and not the management account', async () => {
    const member = await createAccount(org, 'workload');
    const session = await accessRoleSession(server, admin, member);
    const memberUser = await adminUser(iamClient(server, session), 'member-admin');

    // FullAWSAccess alone: the member account's administrators can do what their IAM policies allow.
    const before = (await kms(session).send(new CreateKeyCommand({}))).KeyMetadata!;
    await kms(session).send(new ScheduleKeyDeletionCommand({ KeyId: before.KeyId, PendingWindowInDays: 7 }));

    const deny = await scp('deny-key-deletion', policy({ Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }));
    await org.send(new AttachPolicyCommand({ PolicyId: deny.Id, TargetId: rootId }));
    const scpArn = `arn:aws:organizations::${MANAGEMENT}:policy/${orgId}/service_control_policy/${deny.Id}`;
    expect(deny.Arn).toBe(scpArn);

    const key = (await kms(session).send(new CreateKeyCommand({}))).KeyMetadata!;
    const denied = await failure(kms(session).send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 })));
    expect(denied).toMatchObject({ name: 'AccessDeniedException', status: 400 });
    expect(denied.message).toBe(
      `User: arn:aws:sts::${member}:assumed-role/OrganizationAccountAccessRole/admin is not authorized to perform: kms:ScheduleKeyDeletion on resource: ${key.Arn} with an explicit deny in a service control policy: ${scpArn}`,
    );
    // The IAM user with AdministratorAccess and the account's root user are bound too.
    const byUser = await failure(kms(memberUser).send(new ScheduleKeyDeletionCommand({ KeyId: key.Arn, PendingWindowInDays: 7 })));
    expect(byUser.message).toBe(
      `User: arn:aws:iam::${member}:user/member-admin is not authorized to perform: kms:ScheduleKeyDeletion on resource: ${key.Arn} with an explicit deny in a service control policy: ${scpArn}`,
    );
    const byRoot = await failure(kms(rootOf(member)).send(new ScheduleKeyDeletionCommand({ KeyId: key.Arn, PendingWindowInDays: 7 })));
    expect(byRoot.message).toContain(`User: arn:aws:iam::${member}:root is not authorized to perform: kms:ScheduleKeyDeletion`);

    // The management account is exempt: its administrator and its root user go ahead.
    const own = (await kms(admin).send(new CreateKeyCommand({}))).KeyMetadata!;
    expect((await kms(admin).send(new ScheduleKeyDeletionCommand({ KeyId: own.KeyId, PendingWindowInDays: 7 }))).KeyState).toBe('PendingDeletion');
    const rootKey = (await kms().send(new CreateKeyCommand({}))).KeyMetadata!;
    expect((await kms().send(new ScheduleKeyDeletionCommand({ KeyId: rootKey.KeyId, PendingWindowInDays: 7 }))).KeyState).toBe('PendingDeletion');

    // Detaching the SCP counts from the next request.
    await org.send(new DetachPolicyCommand({ PolicyId: deny.Id, TargetId: rootId }));
    expect((await kms(session).send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }))).KeyState).toBe('PendingDeletion');
  });

  it('an allow-list SCP replacing FullAWSAccess on an OU denies everything it does not list, below that OU only', async () => {
    const restricted = await createAccount(org, 'restricted');
    const open = await createAccount(org, 'open');
    const ou = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Sandbox' }))).OrganizationalUnit!;
    await org.send(new MoveAccountCommand({ AccountId: restricted, SourceParentId: rootId, DestinationParentId: ou.Id }));
    const restrictedSession = await accessRoleSession(server, admin, restricted);
    const openSession = await accessRoleSession(server, admin, open);
    // Under FullAWSAccess everywhere, IAM is allowed.
    await iamClient(server, restrictedSession).send(new ListUsersCommand({}));

    const allowList = await scp('kms-and-sts-only', policy({ Effect: 'Allow', Action: ['kms:*', 'sts:*'], Resource: '*' }));
    // At least one SCP must stay attached: FullAWSAccess can go only once the allow list is there.
    expect(await failure(org.send(new DetachPolicyCommand({ PolicyId: FULL_AWS_ACCESS, TargetId: ou.Id })))).toMatchObject({
      name: 'ConstraintViolationException',
      reason: 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
    });
    await org.send(new AttachPolicyCommand({ PolicyId: allowList.Id, TargetId: ou.Id }));
    await org.send(new DetachPolicyCommand({ PolicyId: FULL_AWS_ACCESS, TargetId: ou.Id }));

    expect((await kms(restrictedSession).send(new CreateKeyCommand({}))).KeyMetadata!.Arn).toContain(`:${restricted}:key/`);
    const denied = await failure(iamClient(server, restrictedSession).send(new ListUsersCommand({})));
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(denied.message).toBe(
      `User: arn:aws:sts::${restricted}:assumed-role/OrganizationAccountAccessRole/admin is not authorized to perform: iam:ListUsers because no service control policy allows the iam:ListUsers action`,
    );
    // Accounts outside the OU, and the management account, are not affected.
    await iamClient(server, openSession).send(new ListUsersCommand({}));
    await iamClient(server, admin).send(new ListUsersCommand({}));

    // Moving the account back to the root lifts the OU's SCPs on the next request.
    await org.send(new MoveAccountCommand({ AccountId: restricted, SourceParentId: ou.Id, DestinationParentId: rootId }));
    await iamClient(server, restrictedSession).send(new ListUsersCommand({}));
  });

  it('an RCP denies KMS use of member-account keys to principals outside the organization', async () => {
    const member = await createAccount(org, 'data');
    const session = await accessRoleSession(server, admin, member);
    // The key policy lets the outside account and the management account encrypt.
    const keyPolicy = (owner: string) =>
      policy(
        { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${owner}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'Partners', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${OUTSIDER}:root`, `arn:aws:iam::${MANAGEMENT}:root`] }, Action: 'kms:Encrypt', Resource: '*' },
      );
    const key = (await kms(session).send(new CreateKeyCommand({ Policy: keyPolicy(member) }))).KeyMetadata!;
    const managementKey = (await kms(admin).send(new CreateKeyCommand({ Policy: keyPolicy(MANAGEMENT) }))).KeyMetadata!;
    const encrypt = (credentials: Credentials, keyArn: string) => kms(credentials).send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('payload') }));
    await encrypt(rootOf(OUTSIDER), key.Arn!);

    const rcp = await scp(
      'keys-stay-in-org',
      policy({
        Effect: 'Deny',
        Principal: '*',
        Action: ['kms:Encrypt', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': orgId }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
      }),
      'RESOURCE_CONTROL_POLICY',
    );
    // RCPs can be written before the type is enabled in the root, but not attached.
    expect((await failure(org.send(new AttachPolicyCommand({ PolicyId: rcp.Id, TargetId: rootId })))).name).toBe('PolicyTypeNotEnabledException');
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    await encrypt(rootOf(OUTSIDER), key.Arn!); // RCPFullAWSAccess alone changes nothing
    await org.send(new AttachPolicyCommand({ PolicyId: rcp.Id, TargetId: rootId }));

    const denied = await failure(encrypt(rootOf(OUTSIDER), key.Arn!));
    expect(denied.name).toBe('AccessDeniedException');
    // AWS names the denying policy only to callers inside the organization.
    expect(denied.message).toBe(`User: arn:aws:iam::${OUTSIDER}:root is not authorized to perform: kms:Encrypt on resource: ${key.Arn} with an explicit deny in a resource control policy`);
    // Principals of the organization still can; the management account's own keys are not governed by RCPs.
    await encrypt(session, key.Arn!);
    await encrypt(admin, key.Arn!);
    await encrypt(rootOf(OUTSIDER), managementKey.Arn!);

    await org.send(new DetachPolicyCommand({ PolicyId: rcp.Id, TargetId: rootId }));
    await encrypt(rootOf(OUTSIDER), key.Arn!);
    // RCPFullAWSAccess stays attached.
    expect(await failure(org.send(new DetachPolicyCommand({ PolicyId: 'p-RCPFullAWSAccess', TargetId: rootId })))).toMatchObject({
      name: 'InvalidInputException',
      reason: 'NON_DETACHABLE_POLICY',
    });
  });

  it('sets aws:PrincipalOrgID and aws:PrincipalOrgPaths for principals of the organization', async () => {
    const member = await createAccount(org, 'paths');
    const ou = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Teams' }))).OrganizationalUnit!;
    expect(ou.Path).toBe(`${orgId}/${rootId}/${ou.Id}/`);
    const session = await accessRoleSession(server, admin, member);
    // A management-account key any principal of the organization may use; another only principals below the OU.
    const orgWide = policy(
      { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'Org', Effect: 'Allow', Principal: '*', Action: 'kms:Encrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } } },
    );
    const underOu = policy(
      { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'Teams',
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:Encrypt',
        Resource: '*',
        Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${orgId}/${rootId}/${ou.Id}/*`] } },
      },
    );
    const orgKey = (await kms().send(new CreateKeyCommand({ Policy: orgWide }))).KeyMetadata!;
    const ouKey = (await kms().send(new CreateKeyCommand({ Policy: underOu }))).KeyMetadata!;
    const encrypt = (credentials: Credentials, keyArn: string) => kms(credentials).send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('x') }));

    await encrypt(session, orgKey.Arn!);
    expect((await failure(encrypt(rootOf(OUTSIDER), orgKey.Arn!))).message).toContain('because no resource-based policy allows the kms:Encrypt action');
    expect((await failure(encrypt(session, ouKey.Arn!))).name).toBe('AccessDeniedException');
    await org.send(new MoveAccountCommand({ AccountId: member, SourceParentId: rootId, DestinationParentId: ou.Id }));
    await encrypt(session, ouKey.Arn!);
  });
});

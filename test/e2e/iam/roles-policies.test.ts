// IAM roles, managed policies and their versions, inline policies, attachments, permissions boundaries,
// ListEntitiesForPolicy and GetAccountAuthorizationDetails, through @aws-sdk/client-iam on both backends.
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  GetGroupPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListGroupPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  DeleteUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  TagRoleCommand,
  ListRoleTagsCommand,
  UntagRoleCommand,
  TagPolicyCommand,
  ListPolicyTagsCommand,
  UntagPolicyCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli } from '../../helpers/aws-cli.js';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';
import { failure, policy, trustPolicy } from './support.js';

const ACCOUNT = '000000000000';
const allowS3 = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });

describe.each(testBackends())('IAM roles and policies on %s', (backend) => {
  let server: TestServer;
  let iam: IAMClient;

  beforeAll(async () => {
    server = await startInProcess({ backend });
    iam = new IAMClient(server.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
  });
  afterAll(async () => {
    await server?.destroy();
  });

  describe('roles', () => {
    const trust = trustPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:root` });

    it('creates a role with its trust policy (returned URL-encoded, as AWS does)', async () => {
      const { Role } = await iam.send(
        new CreateRoleCommand({ RoleName: 'deployer', Path: '/ci/', AssumeRolePolicyDocument: trust, Description: 'CI', MaxSessionDuration: 7200, Tags: [{ Key: 'env', Value: 'prod' }] }),
      );
      expect(Role).toMatchObject({ RoleName: 'deployer', Arn: `arn:aws:iam::${ACCOUNT}:role/ci/deployer`, MaxSessionDuration: 7200, Description: 'CI' });
      expect(Role!.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
      expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!))).toEqual(JSON.parse(trust));
      const got = await iam.send(new GetRoleCommand({ RoleName: 'DEPLOYER' }));
      expect(got.Role).toMatchObject({ RoleName: 'deployer', Tags: [{ Key: 'env', Value: 'prod' }] });
    });

    it('validates the trust policy: a Resource is prohibited, a principal required, users named must exist', async () => {
      const withResource = policy({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole', Resource: '*' });
      const e1 = await failure(iam.send(new CreateRoleCommand({ RoleName: 'bad1', AssumeRolePolicyDocument: withResource })));
      expect(e1).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 });
      expect(e1.message).toMatch(/prohibited field Resource/);
      const noPrincipal = policy({ Effect: 'Allow', Action: 'sts:AssumeRole' });
      expect(await failure(iam.send(new CreateRoleCommand({ RoleName: 'bad2', AssumeRolePolicyDocument: noPrincipal })))).toMatchObject({
        name: 'MalformedPolicyDocumentException',
      });
      const ghost = trustPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:user/ghost` });
      expect(await failure(iam.send(new CreateRoleCommand({ RoleName: 'bad3', AssumeRolePolicyDocument: ghost })))).toMatchObject({
        name: 'MalformedPolicyDocumentException',
        message: `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:user/ghost"`,
      });
      expect(await failure(iam.send(new CreateRoleCommand({ RoleName: 'bad4', AssumeRolePolicyDocument: '{not json' })))).toMatchObject({
        name: 'MalformedPolicyDocumentException',
      });
      // Nothing was created by the failures.
      expect((await iam.send(new ListRolesCommand({}))).Roles!.map((r) => r.RoleName)).toEqual(['deployer']);
    });

    it('refuses a trust policy over 2,048 characters (white space not counted): LimitExceeded', async () => {
      const big = trustPolicy({ AWS: Array.from({ length: 60 }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:root`) });
      expect(await failure(iam.send(new CreateRoleCommand({ RoleName: 'big', AssumeRolePolicyDocument: big })))).toMatchObject({
        name: 'LimitExceededException',
        message: 'Cannot exceed quota for ACLSizePerRole: 2048',
      });
    });

    it('MaxSessionDuration must be 3600..43200', async () => {
      const error = await failure(iam.send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: trust, MaxSessionDuration: 1800 })));
      expect(error.name).toBe('ValidationError');
    });

    it('updates a role and its trust policy; a duplicate name is refused', async () => {
      await iam.send(new UpdateRoleCommand({ RoleName: 'deployer', Description: 'deploys', MaxSessionDuration: 43200 }));
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'deployer', PolicyDocument: trustPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:user/dev` }) }));
      const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'deployer' }));
      expect(Role).toMatchObject({ Description: 'deploys', MaxSessionDuration: 43200 });
      expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toContain(':user/dev');
      expect(await failure(iam.send(new CreateRoleCommand({ RoleName: 'Deployer', AssumeRolePolicyDocument: trust })))).toMatchObject({
        name: 'EntityAlreadyExistsException',
        message: 'Role with name Deployer already exists.',
      });
      const described = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'deployer', Description: 'deploys things' }));
      expect(described.Role).toMatchObject({ RoleName: 'deployer', Description: 'deploys things' });
      await iam.send(new TagRoleCommand({ RoleName: 'deployer', Tags: [{ Key: 'tier', Value: '1' }] }));
      await iam.send(new UntagRoleCommand({ RoleName: 'deployer', TagKeys: ['env'] }));
      expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'deployer' }))).Tags).toEqual([{ Key: 'tier', Value: '1' }]);
    });
  });

  describe('managed policies and versions', () => {
    let arn: string;

    it('creates a policy with an ANPA id and v1 as default', async () => {
      const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'read-s3', Path: '/app/', PolicyDocument: allowS3, Description: 'reads', Tags: [{ Key: 'a', Value: 'b' }] }));
      arn = Policy!.Arn!;
      expect(Policy).toMatchObject({ PolicyName: 'read-s3', Arn: `arn:aws:iam::${ACCOUNT}:policy/app/read-s3`, DefaultVersionId: 'v1', AttachmentCount: 0, IsAttachable: true });
      expect(Policy!.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
      expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy).toMatchObject({ Description: 'reads', Tags: [{ Key: 'a', Value: 'b' }] });
      await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'c', Value: 'd' }] }));
      expect((await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags).toHaveLength(2);
      await iam.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['a'] }));
      expect((await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags).toEqual([{ Key: 'c', Value: 'd' }]);
      expect(await failure(iam.send(new TagPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', Tags: [{ Key: 'a', Value: 'b' }] })))).toMatchObject({
        name: 'UnmodifiableEntityException',
      });
    });

    it('refuses duplicates, malformed and oversized documents, changing nothing', async () => {
      expect(await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'READ-S3', PolicyDocument: allowS3 })))).toMatchObject({
        name: 'EntityAlreadyExistsException',
        message: 'A policy called READ-S3 already exists. Duplicate names are not allowed.',
      });
      const noAction = policy({ Effect: 'Allow', Resource: '*' });
      expect(await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'x', PolicyDocument: noAction })))).toMatchObject({
        name: 'MalformedPolicyDocumentException',
        message: 'Policy statement must contain actions.',
      });
      const withPrincipal = policy({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' });
      expect(await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'x', PolicyDocument: withPrincipal })))).toMatchObject({
        message: 'Policy document should not specify a principal.',
      });
      const huge = policy({ Effect: 'Allow', Action: Array.from({ length: 500 }, (_, i) => `s3:GetObjectAction${i}`), Resource: '*' });
      expect(await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'x', PolicyDocument: huge })))).toMatchObject({
        name: 'LimitExceededException',
        message: 'Cannot exceed quota for PolicySize: 6144',
      });
      expect(await failure(iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/x` })))).toMatchObject({
        name: 'NoSuchEntityException',
        message: `Policy arn:aws:iam::${ACCOUNT}:policy/x was not found.`,
      });
    });

    it('keeps at most 5 versions (LimitExceeded), sets defaults, refuses deleting the default', async () => {
      for (let i = 2; i <= 5; i++) {
        const { PolicyVersion } = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allowS3, SetAsDefault: i === 3 }));
        expect(PolicyVersion).toMatchObject({ VersionId: `v${i}`, IsDefaultVersion: i === 3 });
      }
      expect(await failure(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allowS3 })))).toMatchObject({
        name: 'LimitExceededException',
        message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      });
      const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!;
      expect(versions.map((v) => v.VersionId)).toEqual(['v5', 'v4', 'v3', 'v2', 'v1']);
      expect(versions.find((v) => v.IsDefaultVersion)!.VersionId).toBe('v3');
      expect(await failure(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })))).toMatchObject({
        name: 'DeleteConflictException',
        message: 'Cannot delete the default version of a policy.',
      });
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
      await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }));
      const v5 = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }))).PolicyVersion!;
      expect(v5.IsDefaultVersion).toBe(true);
      expect(JSON.parse(decodeURIComponent(v5.Document!))).toEqual(JSON.parse(allowS3));
      expect(await failure(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' })))).toMatchObject({ name: 'NoSuchEntityException' });
      // The next version number is not reused.
      const next = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allowS3 }));
      expect(next.PolicyVersion!.VersionId).toBe('v6');
    });

    it('attaches customer and AWS managed policies; ListPolicies filters by scope and use', async () => {
      await iam.send(new AttachUserPolicyCommand({ UserName: 'dev', PolicyArn: arn }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'dev', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: arn }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'deployer', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      expect((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'dev' }))).AttachedPolicies).toEqual([
        { PolicyName: 'read-s3', PolicyArn: arn },
        { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      ]);
      expect((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'devs' }))).AttachedPolicies).toHaveLength(1);
      expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'deployer' }))).AttachedPolicies![0].PolicyName).toBe('AdministratorAccess');
      expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount).toBe(2);

      const attached = (await iam.send(new ListPoliciesCommand({ OnlyAttached: true }))).Policies!.map((p) => p.PolicyName);
      expect(attached.sort()).toEqual(['AdministratorAccess', 'ReadOnlyAccess', 'read-s3']);
      const local = (await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies!.map((p) => p.PolicyName);
      expect(local).toEqual(['read-s3']);
      const aws = (await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/' }))).Policies!.map((p) => p.PolicyName);
      expect(aws).toEqual(expect.arrayContaining(['AdministratorAccess', 'ReadOnlyAccess', 'PowerUserAccess']));
      expect((await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/other/' }))).Policies).toEqual([]);

      expect(await failure(iam.send(new AttachUserPolicyCommand({ UserName: 'dev', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/none` })))).toMatchObject({
        name: 'NoSuchEntityException',
        message: `Policy arn:aws:iam::${ACCOUNT}:policy/none does not exist or is not attachable.`,
      });
    });

    it('ListEntitiesForPolicy names the users, groups and roles using a policy', async () => {
      const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
      expect(entities.PolicyUsers!.map((u) => u.UserName)).toEqual(['dev']);
      expect(entities.PolicyGroups!.map((g) => g.GroupName)).toEqual(['devs']);
      expect(entities.PolicyRoles).toEqual([]);
      const usersOnly = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'User' }));
      expect(usersOnly.PolicyGroups).toEqual([]);
      expect(usersOnly.PolicyUsers![0].UserId).toMatch(/^AIDA/);
    });

    it('DeletePolicy refuses while attached or with versions, then deletes', async () => {
      expect(await failure(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).toMatchObject({
        name: 'DeleteConflictException',
        message: 'Cannot delete a policy attached to entities.',
      });
      await iam.send(new DetachUserPolicyCommand({ UserName: 'dev', PolicyArn: arn }));
      await iam.send(new DetachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: arn }));
      expect(await failure(iam.send(new DetachUserPolicyCommand({ UserName: 'dev', PolicyArn: arn })))).toMatchObject({ name: 'NoSuchEntityException' });
      expect((await failure(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).message).toMatch(/^This policy has more than one version/);
      for (const v of ['v2', 'v3', 'v4', 'v6']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
      await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
      expect(await failure(iam.send(new GetPolicyCommand({ PolicyArn: arn })))).toMatchObject({ name: 'NoSuchEntityException' });
    });
  });

  describe('inline policies and boundaries', () => {
    it('puts, gets, lists and deletes inline policies of users, groups and roles', async () => {
      await iam.send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'inline', PolicyDocument: allowS3 }));
      await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'inline', PolicyDocument: allowS3 }));
      await iam.send(new PutRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'inline', PolicyDocument: allowS3 }));
      const got = await iam.send(new GetUserPolicyCommand({ UserName: 'dev', PolicyName: 'inline' }));
      expect(got).toMatchObject({ UserName: 'dev', PolicyName: 'inline' });
      expect(JSON.parse(decodeURIComponent(got.PolicyDocument!))).toEqual(JSON.parse(allowS3));
      expect((await iam.send(new GetGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'inline' }))).GroupName).toBe('devs');
      expect((await iam.send(new GetRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'inline' }))).RoleName).toBe('deployer');
      expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'dev' }))).PolicyNames).toEqual(['inline']);
      expect((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'devs' }))).PolicyNames).toEqual(['inline']);
      expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'deployer' }))).PolicyNames).toEqual(['inline']);
      expect(await failure(iam.send(new GetUserPolicyCommand({ UserName: 'dev', PolicyName: 'other' })))).toMatchObject({
        name: 'NoSuchEntityException',
        message: 'The user policy with name other cannot be found.',
      });
      expect(await failure(iam.send(new DeleteRoleCommand({ RoleName: 'deployer' })))).toMatchObject({
        name: 'DeleteConflictException',
        message: 'Cannot delete entity, must delete policies first.',
      });
      await iam.send(new DeleteRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'inline' }));
    });

    it("limits a user's inline policies to 2,048 characters in all (white space not counted)", async () => {
      const statement = (n: number) => policy({ Effect: 'Allow', Action: Array.from({ length: n }, (_, i) => `s3:GetObjectVersion${i}`), Resource: '*' });
      await iam.send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'first', PolicyDocument: statement(40) }));
      const error = await failure(iam.send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'second', PolicyDocument: statement(40) })));
      expect(error).toMatchObject({ name: 'LimitExceededException', message: 'Maximum policy size of 2048 bytes exceeded for user dev' });
      expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'dev' }))).PolicyNames).toEqual(['first', 'inline']);
      // The same document fits a role (10,240 characters in all).
      await iam.send(new PutRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'a', PolicyDocument: statement(40) }));
      await iam.send(new PutRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'b', PolicyDocument: statement(40) }));
      await iam.send(new DeleteRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'a' }));
      await iam.send(new DeleteRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'b' }));
    });

    it('sets and removes permissions boundaries on users and roles', async () => {
      await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'dev', PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' }));
      expect((await iam.send(new GetUserCommand({ UserName: 'dev' }))).User!.PermissionsBoundary).toEqual({
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
      });
      await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'deployer', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      const usage = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess', PolicyUsageFilter: 'PermissionsBoundary' }));
      expect(usage.PolicyUsers!.map((u) => u.UserName)).toEqual(['dev']);
      expect(await failure(iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'dev', PermissionsBoundary: 'arn:aws:iam::aws:policy/Nope' })))).toMatchObject({
        name: 'NoSuchEntityException',
      });
      await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'dev' }));
      await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'deployer' }));
      expect((await iam.send(new GetUserCommand({ UserName: 'dev' }))).User!.PermissionsBoundary).toBeUndefined();
    });
  });

  it('GetAccountAuthorizationDetails reports everything, filters and paginates', async () => {
    const all = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
    const dev = all.UserDetailList!.find((u) => u.UserName === 'dev')!;
    expect(dev.UserPolicyList!.map((p) => p.PolicyName)).toEqual(['first', 'inline']);
    expect(dev.AttachedManagedPolicies).toEqual([{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);
    expect(all.RoleDetailList!.map((r) => r.RoleName)).toEqual(['deployer']);
    expect(all.Policies!.map((p) => p.PolicyName).sort()).toEqual(['AdministratorAccess', 'ReadOnlyAccess']);
    const roles = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    expect(roles.UserDetailList).toEqual([]);
    expect(roles.RoleDetailList).toHaveLength(1);
    const page1 = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1 }));
    expect(page1.IsTruncated).toBe(true);
    const page2 = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 100, Marker: page1.Marker }));
    const count = (r: typeof all) => r.UserDetailList!.length + r.GroupDetailList!.length + r.RoleDetailList!.length + r.Policies!.length;
    expect(count(page1) + count(page2)).toBe(count(all));
  });

  it('the AWS CLI decodes policy documents and lists roles', async () => {
    const got = await awsCli(server, ['iam', 'get-user-policy', '--user-name', 'dev', '--policy-name', 'inline']);
    expect(got.code).toBe(0);
    // botocore URL-decodes and parses documents, so the CLI shows the JSON object.
    expect(JSON.parse(got.stdout).PolicyDocument).toEqual(JSON.parse(allowS3));
    const roles = await awsCli(server, ['iam', 'list-roles']);
    expect(JSON.parse(roles.stdout).Roles[0].RoleName).toBe('deployer');
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'deployer', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    expect((await awsCli(server, ['iam', 'delete-role', '--role-name', 'deployer'])).code).toBe(0);
  });
});

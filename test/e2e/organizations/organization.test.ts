// The organization, its accounts and its tree through @aws-sdk/client-organizations, on both backends:
// CreateOrganization / DescribeOrganization / DeleteOrganization; CreateAccount's asynchronous flow and
// the account it makes (a real account whose root user works in development mode, with an
// OrganizationAccountAccessRole the management account assumes); DescribeAccount, ListAccounts and
// paging; OUs (create, describe, rename, nest, delete), ListRoots, ListParents, ListChildren, MoveAccount;
// and the errors AWS answers for each.
import { GetRoleCommand, ListAttachedRolePoliciesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DeleteOrganizationalUnitCommand,
  DeleteOrganizationCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  EnablePolicyTypeCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListCreateAccountStatusCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  MoveAccountCommand,
  UpdateOrganizationalUnitCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type Credentials, type TestServer } from '../../helpers/rampart.js';
import { accessRoleSession, adminUser, failure, finished, iamClient, organizations, rootOf } from './support.js';

const MANAGEMENT = '000000000000';
const STRANGER = '444444444444';

describe.each(testBackends())('Organizations on %s', (backend) => {
  let server: TestServer;
  let org: OrganizationsClient;
  let orgId: string;
  let rootId: string;
  let admin: Credentials;
  let member: string; // an account created in the organization

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
    org = organizations(server);
    admin = await adminUser(iamClient(server), 'admin');
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('answers input the model refuses with InvalidInputException and its Reason, as Organizations does', async () => {
    expect(await failure(org.send(new DescribeAccountCommand({ AccountId: 'not-an-account' })))).toMatchObject({
      name: 'InvalidInputException',
      reason: 'INVALID_PATTERN',
      message: 'You provided a value that does not match the required pattern.',
    });
    expect(await failure(org.send(new ListAccountsCommand({ MaxResults: 100 })))).toMatchObject({ name: 'InvalidInputException', reason: 'MAX_VALUE_EXCEEDED' });
  });

  it('answers AWSOrganizationsNotInUseException before there is an organization', async () => {
    // One call at a time: a rejection nobody awaits yet would count as unhandled.
    for (const call of [() => org.send(new DescribeOrganizationCommand({})), () => org.send(new ListAccountsCommand({})), () => org.send(new ListRootsCommand({}))]) {
      expect(await failure(call())).toMatchObject({ name: 'AWSOrganizationsNotInUseException', status: 400, message: 'Your account is not a member of an organization.' });
    }
  });

  it('creates the organization with the caller as management account, SCPs enabled in the root', async () => {
    const created = (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!;
    orgId = created.Id!;
    expect(orgId).toMatch(/^o-[a-z0-9]{10}$/);
    expect(created).toEqual({
      Id: orgId,
      Arn: `arn:aws:organizations::${MANAGEMENT}:organization/${orgId}`,
      FeatureSet: 'ALL',
      MasterAccountArn: `arn:aws:organizations::${MANAGEMENT}:account/${orgId}/${MANAGEMENT}`,
      MasterAccountId: MANAGEMENT,
      AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    });
    expect((await org.send(new DescribeOrganizationCommand({}))).Organization).toEqual(created);
    expect(await failure(org.send(new CreateOrganizationCommand({})))).toMatchObject({ name: 'AlreadyInOrganizationException' });

    const [root] = (await org.send(new ListRootsCommand({}))).Roots!;
    rootId = root.Id!;
    expect(root).toEqual({
      Id: expect.stringMatching(/^r-[0-9a-z]{4}$/),
      Arn: `arn:aws:organizations::${MANAGEMENT}:root/${orgId}/${rootId}`,
      Name: 'Root',
      PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    });
    const [management] = (await org.send(new ListAccountsCommand({}))).Accounts!;
    expect(management).toMatchObject({ Id: MANAGEMENT, Name: 'default', Status: 'ACTIVE', State: 'ACTIVE', JoinedMethod: 'INVITED', Paths: [`${orgId}/${rootId}/${MANAGEMENT}/`] });
  });

  it('creates an account asynchronously: IN_PROGRESS, then SUCCEEDED with a new account', async () => {
    const started = (await org.send(new CreateAccountCommand({ AccountName: 'Workloads', Email: 'workloads@example.com', Tags: [{ Key: 'team', Value: 'platform' }] })))
      .CreateAccountStatus!;
    expect(started).toMatchObject({ Id: expect.stringMatching(/^car-[a-z0-9]{32}$/), AccountName: 'Workloads', State: 'IN_PROGRESS' });
    expect(started.RequestedTimestamp).toBeInstanceOf(Date);
    expect(started.AccountId).toBeUndefined();

    const status = await finished(org, started.Id!);
    expect(status).toMatchObject({ Id: started.Id, State: 'SUCCEEDED', AccountName: 'Workloads', AccountId: expect.stringMatching(/^\d{12}$/) });
    expect(status.CompletedTimestamp).toBeInstanceOf(Date);
    member = status.AccountId!;

    const account = (await org.send(new DescribeAccountCommand({ AccountId: member }))).Account!;
    expect(account).toEqual({
      Id: member,
      Arn: `arn:aws:organizations::${MANAGEMENT}:account/${orgId}/${member}`,
      Email: 'workloads@example.com',
      Name: 'Workloads',
      Status: 'ACTIVE',
      State: 'ACTIVE',
      Paths: [`${orgId}/${rootId}/${member}/`],
      JoinedMethod: 'CREATED',
      JoinedTimestamp: expect.any(Date),
    });
    expect((await org.send(new ListTagsForResourceCommand({ ResourceId: member }))).Tags).toEqual([{ Key: 'team', Value: 'platform' }]);

    const listed = (await org.send(new ListCreateAccountStatusCommand({ States: ['SUCCEEDED'] }))).CreateAccountStatuses!;
    expect(listed.map((s) => s.Id)).toContain(started.Id);
    expect((await org.send(new ListCreateAccountStatusCommand({ States: ['FAILED'] }))).CreateAccountStatuses).toEqual([]);
    expect(await failure(org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-00000000000000000000000000000000' })))).toMatchObject({
      name: 'CreateAccountStatusNotFoundException',
    });
  });

  it('gives the new account a root user and an OrganizationAccountAccessRole the management account assumes', async () => {
    // Development mode: the new account's root user, by a 12-digit access key id.
    expect((await new STSClient(server.clientConfig(rootOf(member))).send(new GetCallerIdentityCommand({}))).Account).toBe(member);

    // The management account's root user cannot assume roles (as in AWS); its administrator can.
    const session = await accessRoleSession(server, admin, member);
    expect((await new STSClient(server.clientConfig(session)).send(new GetCallerIdentityCommand({}))).Arn).toBe(
      `arn:aws:sts::${member}:assumed-role/OrganizationAccountAccessRole/admin`,
    );
    const iam = iamClient(server, session);
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' }))).Role!;
    expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' }],
    });
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'OrganizationAccountAccessRole' }))).AttachedPolicies).toEqual([
      { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    ]);
    await iam.send(new ListUsersCommand({}));
  });

  it('makes the role it is asked for, and fails a request whose email is taken', async () => {
    const custom = (await org.send(new CreateAccountCommand({ AccountName: 'Audit', Email: 'audit@example.com', RoleName: 'OrgAdmin' }))).CreateAccountStatus!;
    const audit = (await finished(org, custom.Id!)).AccountId!;
    await accessRoleSession(server, admin, audit, 'OrgAdmin');
    expect((await failure(accessRoleSession(server, admin, audit))).name).toBe('AccessDenied');

    const taken = (await org.send(new CreateAccountCommand({ AccountName: 'Copy', Email: 'Workloads@example.com' }))).CreateAccountStatus!;
    expect(await finished(org, taken.Id!)).toMatchObject({ State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' });
    expect((await org.send(new ListCreateAccountStatusCommand({ States: ['FAILED'] }))).CreateAccountStatuses!.map((s) => s.Id)).toEqual([taken.Id]);
  });

  it('lists accounts in pages and refuses a token it did not make', async () => {
    const first = await org.send(new ListAccountsCommand({ MaxResults: 1 }));
    expect(first.Accounts).toHaveLength(1);
    expect(first.NextToken).toBeDefined();
    const ids = [first.Accounts![0].Id];
    let token = first.NextToken;
    while (token) {
      const page = await org.send(new ListAccountsCommand({ MaxResults: 1, NextToken: token }));
      ids.push(...page.Accounts!.map((a) => a.Id));
      token = page.NextToken;
    }
    expect(ids).toEqual((await org.send(new ListAccountsCommand({}))).Accounts!.map((a) => a.Id));
    expect(ids).toHaveLength(3);
    expect(await failure(org.send(new ListAccountsCommand({ NextToken: 'not-a-token' })))).toMatchObject({ name: 'InvalidInputException', reason: 'INVALID_NEXT_TOKEN' });
  });

  it('answers AccountNotFoundException for accounts outside the organization', async () => {
    await new STSClient(server.clientConfig(rootOf(STRANGER))).send(new GetCallerIdentityCommand({}));
    for (const id of [STRANGER, '123456789012']) {
      expect(await failure(org.send(new DescribeAccountCommand({ AccountId: id })))).toMatchObject({
        name: 'AccountNotFoundException',
        message: "You specified an account that doesn't exist.",
      });
    }
  });

  it('lets members describe their organization and nothing the management account alone may do', async () => {
    const session = await accessRoleSession(server, admin, member);
    const client = organizations(server, session);
    expect((await client.send(new DescribeOrganizationCommand({}))).Organization!.Id).toBe(orgId);
    for (const call of [() => client.send(new ListAccountsCommand({})), () => client.send(new DescribeAccountCommand({ AccountId: member })), () => client.send(new CreateAccountCommand({ AccountName: 'x', Email: 'x@example.com' }))]) {
      expect(await failure(call())).toMatchObject({ name: 'AccessDeniedException', message: "You don't have permissions to access this resource." });
    }
    // An account in no organization at all.
    expect((await failure(organizations(server, rootOf(STRANGER)).send(new DescribeOrganizationCommand({})))).name).toBe('AWSOrganizationsNotInUseException');
  });

  it('builds a tree of OUs, walks it, and moves accounts through it', async () => {
    const create = (parent: string, name: string) => org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }));
    const prod = (await create(rootId, 'Prod')).OrganizationalUnit!;
    expect(prod).toEqual({
      Id: expect.stringMatching(new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`)),
      Arn: `arn:aws:organizations::${MANAGEMENT}:ou/${orgId}/${prod.Id}`,
      Name: 'Prod',
      Path: `${orgId}/${rootId}/${prod.Id}/`,
    });
    expect(await failure(create(rootId, 'Prod'))).toMatchObject({ name: 'DuplicateOrganizationalUnitException' });
    expect(await failure(create('ou-zzzz-zzzzzzzz', 'Orphan'))).toMatchObject({ name: 'ParentNotFoundException' });

    // Five levels below the root, and no more.
    let parent = prod.Id!;
    for (const level of [2, 3, 4, 5]) parent = (await create(parent, `L${level}`)).OrganizationalUnit!.Id!;
    expect(await failure(create(parent, 'L6'))).toMatchObject({ name: 'ConstraintViolationException', reason: 'OU_DEPTH_LIMIT_EXCEEDED' });
    const deepest = (await org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parent }))).OrganizationalUnit!;
    expect(deepest.Path!.split('/').filter(Boolean)).toHaveLength(7);

    const renamed = (await org.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: prod.Id, Name: 'Production' }))).OrganizationalUnit!;
    expect(renamed.Name).toBe('Production');
    const dev = (await create(rootId, 'Dev')).OrganizationalUnit!;
    expect(await failure(org.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: dev.Id, Name: 'Production' })))).toMatchObject({
      name: 'DuplicateOrganizationalUnitException',
    });
    expect(await failure(org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: 'ou-zzzz-zzzzzzzz' })))).toMatchObject({
      name: 'OrganizationalUnitNotFoundException',
    });
    const underRoot = (await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }))).OrganizationalUnits!;
    expect(underRoot.map((ou) => ou.Name).sort()).toEqual(['Dev', 'Production']);

    // MoveAccount and its errors.
    const move = (source: string, destination: string, account = member) =>
      org.send(new MoveAccountCommand({ AccountId: account, SourceParentId: source, DestinationParentId: destination }));
    expect(await failure(move('ou-zzzz-zzzzzzzz', dev.Id!))).toMatchObject({ name: 'SourceParentNotFoundException' });
    expect(await failure(move(rootId, 'ou-zzzz-zzzzzzzz'))).toMatchObject({ name: 'DestinationParentNotFoundException' });
    expect(await failure(move(rootId, rootId))).toMatchObject({ name: 'DuplicateAccountException' });
    expect(await failure(move(rootId, dev.Id!, '123456789012'))).toMatchObject({ name: 'AccountNotFoundException' });
    await move(rootId, dev.Id!);
    expect(await failure(move(rootId, prod.Id!))).toMatchObject({ name: 'AccountNotFoundException' });

    expect((await org.send(new ListParentsCommand({ ChildId: member }))).Parents).toEqual([{ Id: dev.Id, Type: 'ORGANIZATIONAL_UNIT' }]);
    expect((await org.send(new ListParentsCommand({ ChildId: dev.Id }))).Parents).toEqual([{ Id: rootId, Type: 'ROOT' }]);
    expect(await failure(org.send(new ListParentsCommand({ ChildId: '123456789012' })))).toMatchObject({ name: 'ChildNotFoundException' });
    expect((await org.send(new ListChildrenCommand({ ParentId: dev.Id, ChildType: 'ACCOUNT' }))).Children).toEqual([{ Id: member, Type: 'ACCOUNT' }]);
    expect((await org.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'ORGANIZATIONAL_UNIT' }))).Children!.map((c) => c.Id).sort()).toEqual(
      [dev.Id, prod.Id].sort(),
    );
    expect(await failure(org.send(new ListChildrenCommand({ ParentId: 'ou-zzzz-zzzzzzzz', ChildType: 'ACCOUNT' })))).toMatchObject({ name: 'ParentNotFoundException' });
    expect((await org.send(new ListAccountsForParentCommand({ ParentId: dev.Id }))).Accounts!.map((a) => a.Id)).toEqual([member]);
    expect((await org.send(new DescribeAccountCommand({ AccountId: member }))).Account!.Paths).toEqual([`${orgId}/${rootId}/${dev.Id}/${member}/`]);

    // An OU with an account or a child OU in it cannot be deleted.
    expect(await failure(org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: dev.Id })))).toMatchObject({ name: 'OrganizationalUnitNotEmptyException' });
    expect(await failure(org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: prod.Id })))).toMatchObject({ name: 'OrganizationalUnitNotEmptyException' });
    await move(dev.Id!, rootId);
    await org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: dev.Id }));
    expect(await failure(org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: dev.Id })))).toMatchObject({ name: 'OrganizationalUnitNotFoundException' });
  });

  it('deletes only an organization without member accounts', async () => {
    expect(await failure(org.send(new DeleteOrganizationCommand({})))).toMatchObject({ name: 'OrganizationNotEmptyException' });
    const session = await accessRoleSession(server, admin, member);
    expect(await failure(organizations(server, session).send(new DeleteOrganizationCommand({})))).toMatchObject({ name: 'AccessDeniedException' });

    // Another management account with no members: its organization goes, OUs and all.
    const other = organizations(server, rootOf(STRANGER));
    const created = (await other.send(new CreateOrganizationCommand({}))).Organization!;
    expect(created.MasterAccountId).toBe(STRANGER);
    const root = (await other.send(new ListRootsCommand({}))).Roots![0].Id!;
    await other.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'Temporary' }));
    await other.send(new DeleteOrganizationCommand({}));
    expect((await failure(other.send(new DescribeOrganizationCommand({})))).name).toBe('AWSOrganizationsNotInUseException');
    // Again, with consolidated billing only: no policy types, and none can be enabled.
    const again = (await other.send(new CreateOrganizationCommand({ FeatureSet: 'CONSOLIDATED_BILLING' }))).Organization!;
    expect(again.Id).not.toBe(created.Id);
    expect(again).toMatchObject({ FeatureSet: 'CONSOLIDATED_BILLING', AvailablePolicyTypes: [] });
    expect((await other.send(new ListAccountsCommand({}))).Accounts!.map((a) => a.Id)).toEqual([STRANGER]);
    const [billingRoot] = (await other.send(new ListRootsCommand({}))).Roots!;
    expect(billingRoot.PolicyTypes).toEqual([]);
    expect(await failure(other.send(new EnablePolicyTypeCommand({ RootId: billingRoot.Id, PolicyType: 'SERVICE_CONTROL_POLICY' })))).toMatchObject({
      name: 'PolicyTypeNotAvailableForOrganizationException',
    });
    const content = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] });
    expect(await failure(other.send(new CreatePolicyCommand({ Name: 'n', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: content })))).toMatchObject({
      name: 'PolicyTypeNotAvailableForOrganizationException',
    });
  });
});

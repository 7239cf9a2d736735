// Service control and resource control policies through @aws-sdk/client-organizations, on both backends:
// the AWS managed FullAWSAccess and RCPFullAWSAccess; CreatePolicy / DescribePolicy / UpdatePolicy /
// DeletePolicy / ListPolicies with AWS's validation; AttachPolicy / DetachPolicy and their limits;
// ListPoliciesForTarget / ListTargetsForPolicy; EnablePolicyType / DisablePolicyType; tags; and IAM
// permissions on Organizations' own actions and resources.
import { PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribeOrganizationalUnitCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  DisablePolicyTypeCommand,
  EnablePolicyTypeCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePolicyCommand,
  type OrganizationsClient,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';
import { adminUser, createAccount, failure, FULL_AWS_ACCESS, iamClient, organizations, policy } from './support.js';

const MANAGEMENT = '000000000000';
const denyAll = (action: string) => policy({ Effect: 'Deny', Action: action, Resource: '*' });

describe.each(testBackends())('Organizations policies on %s', (backend) => {
  let server: TestServer;
  let org: OrganizationsClient;
  let orgId: string;
  let rootId: string;
  let ouId: string;
  let member: string;

  const create = (name: string, content: string, type: PolicyType = 'SERVICE_CONTROL_POLICY', tags?: { Key: string; Value: string }[]) =>
    org.send(new CreatePolicyCommand({ Name: name, Description: `about ${name}`, Type: type, Content: content, Tags: tags }));
  const attach = (policyId: string, targetId: string) => org.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: targetId }));
  const detach = (policyId: string, targetId: string) => org.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: targetId }));
  const attached = async (targetId: string, type: PolicyType = 'SERVICE_CONTROL_POLICY') =>
    (await org.send(new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: type }))).Policies!.map((p) => p.Id).sort();

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
    org = organizations(server);
    orgId = (await org.send(new CreateOrganizationCommand({}))).Organization!.Id!;
    rootId = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
    ouId = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Apps', Tags: [{ Key: 'tier', Value: 'apps' }] }))).OrganizationalUnit!.Id!;
    member = await createAccount(org, 'member');
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('has the AWS managed FullAWSAccess attached to the root, OUs and accounts', async () => {
    const { Policies } = await org.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
    expect(Policies).toEqual([
      {
        Id: FULL_AWS_ACCESS,
        Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
        Name: 'FullAWSAccess',
        Description: 'Allows access to every operation',
        Type: 'SERVICE_CONTROL_POLICY',
        AwsManaged: true,
      },
    ]);
    const full = (await org.send(new DescribePolicyCommand({ PolicyId: FULL_AWS_ACCESS }))).Policy!;
    expect(JSON.parse(full.Content!)).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    for (const target of [rootId, ouId, member, MANAGEMENT]) expect(await attached(target)).toEqual([FULL_AWS_ACCESS]);
    const targets = (await org.send(new ListTargetsForPolicyCommand({ PolicyId: FULL_AWS_ACCESS }))).Targets!;
    expect(targets.find((t) => t.TargetId === ouId)).toEqual({ TargetId: ouId, Arn: `arn:aws:organizations::${MANAGEMENT}:ou/${orgId}/${ouId}`, Name: 'Apps', Type: 'ORGANIZATIONAL_UNIT' });
    expect(targets.find((t) => t.TargetId === rootId)).toMatchObject({ Name: 'Root', Type: 'ROOT' });
    expect(targets.find((t) => t.TargetId === member)).toMatchObject({ Name: 'member', Type: 'ACCOUNT' });
  });

  it('creates, describes, updates and lists policies, validated as AWS validates them', async () => {
    const content = denyAll('s3:DeleteBucket');
    const created = (await create('no-bucket-deletion', content)).Policy!;
    const id = created.PolicySummary!.Id!;
    expect(id).toMatch(/^p-[a-z0-9]{8}$/);
    expect(created).toEqual({
      PolicySummary: {
        Id: id,
        Arn: `arn:aws:organizations::${MANAGEMENT}:policy/${orgId}/service_control_policy/${id}`,
        Name: 'no-bucket-deletion',
        Description: 'about no-bucket-deletion',
        Type: 'SERVICE_CONTROL_POLICY',
        AwsManaged: false,
      },
      Content: content,
    });
    expect((await org.send(new DescribePolicyCommand({ PolicyId: id }))).Policy).toEqual(created);
    expect(await failure(create('no-bucket-deletion', content))).toMatchObject({ name: 'DuplicatePolicyException', message: 'A policy with the same name already exists.' });
    expect(await failure(create('FullAWSAccess', content))).toMatchObject({ name: 'DuplicatePolicyException' });

    const malformed = 'The provided policy document does not meet the requirements of the specified policy type.';
    expect(await failure(create('with-principal', policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' })))).toEqual(
      expect.objectContaining({ name: 'MalformedPolicyDocumentException', message: malformed }),
    );
    expect(await failure(create('not-json', '{"Version": '))).toMatchObject({ name: 'MalformedPolicyDocumentException' });
    expect(await failure(create('allow-rcp', policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }), 'RESOURCE_CONTROL_POLICY'))).toMatchObject({
      name: 'MalformedPolicyDocumentException',
    });
    const huge = policy({ Effect: 'Deny', Action: Array.from({ length: 400 }, (_, i) => `s3:Action${i}`), Resource: '*' });
    expect(huge.length).toBeGreaterThan(5120);
    expect(await failure(create('huge', huge))).toMatchObject({ name: 'ConstraintViolationException', reason: 'POLICY_CONTENT_LIMIT_EXCEEDED' });
    expect(await failure(create('tags', '{}', 'TAG_POLICY'))).toMatchObject({ name: 'NotImplemented', status: 501 });

    const updated = (await org.send(new UpdatePolicyCommand({ PolicyId: id, Name: 'keep-buckets', Description: 'buckets stay', Content: denyAll('s3:Delete*') }))).Policy!;
    expect(updated.PolicySummary).toMatchObject({ Id: id, Name: 'keep-buckets', Description: 'buckets stay' });
    expect(updated.Content).toBe(denyAll('s3:Delete*'));
    await create('second', denyAll('kms:Delete*'));
    expect(await failure(org.send(new UpdatePolicyCommand({ PolicyId: id, Name: 'second' })))).toMatchObject({ name: 'DuplicatePolicyException' });
    expect(await failure(org.send(new UpdatePolicyCommand({ PolicyId: id, Content: '[]' })))).toMatchObject({ name: 'MalformedPolicyDocumentException' });
    expect(await failure(org.send(new UpdatePolicyCommand({ PolicyId: FULL_AWS_ACCESS, Name: 'mine' })))).toMatchObject({ name: 'InvalidInputException', reason: 'IMMUTABLE_POLICY' });
    expect(await failure(org.send(new UpdatePolicyCommand({ PolicyId: 'p-00000000', Name: 'x' })))).toMatchObject({
      name: 'PolicyNotFoundException',
      message: "You specified a policy that doesn't exist.",
    });

    const names = (await org.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }))).Policies!.map((p) => p.Name);
    expect(names).toEqual(['FullAWSAccess', 'keep-buckets', 'second']);
    const page = await org.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', MaxResults: 2 }));
    expect(page.Policies!.map((p) => p.Name)).toEqual(['FullAWSAccess', 'keep-buckets']);
    expect((await org.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', NextToken: page.NextToken }))).Policies!.map((p) => p.Name)).toEqual(['second']);
  });

  it('attaches and detaches within AWS limits', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(`limit-${i}`, denyAll(`sqs:Action${i}`))).Policy!.PolicySummary!.Id!);
    await attach(ids[0], ouId);
    expect(await attached(ouId)).toEqual([FULL_AWS_ACCESS, ids[0]].sort());
    expect(await failure(attach(ids[0], ouId))).toMatchObject({
      name: 'DuplicatePolicyAttachmentException',
      message: 'The selected policy is already attached to the specified target.',
    });
    for (const id of ids.slice(1, 4)) await attach(id, ouId);
    // Five per target, FullAWSAccess included.
    expect(await failure(attach(ids[4], ouId))).toMatchObject({
      name: 'ConstraintViolationException',
      reason: 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
      message: 'You have attached the maximum number of policies to the specified target.',
    });
    expect(await failure(attach(ids[4], 'ou-zzzz-zzzzzzzz'))).toMatchObject({ name: 'TargetNotFoundException' });
    expect(await failure(attach(ids[4], '123456789012'))).toMatchObject({ name: 'TargetNotFoundException' });
    expect(await failure(attach('p-00000000', member))).toMatchObject({ name: 'PolicyNotFoundException' });

    expect(await failure(detach(ids[4], ouId))).toMatchObject({ name: 'PolicyNotAttachedException' });
    await detach(FULL_AWS_ACCESS, ouId);
    for (const id of ids.slice(0, 3)) await detach(id, ouId);
    expect(await failure(detach(ids[3], ouId))).toMatchObject({
      name: 'ConstraintViolationException',
      reason: 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
      message: 'You cannot remove the last policy attached to the specified target. You must have at least one attached at all times.',
    });
    expect((await org.send(new ListTargetsForPolicyCommand({ PolicyId: ids[3] }))).Targets!.map((t) => t.TargetId)).toEqual([ouId]);

    // An attached policy cannot be deleted; a detached one can, and is gone.
    expect(await failure(org.send(new DeletePolicyCommand({ PolicyId: ids[3] })))).toMatchObject({ name: 'PolicyInUseException' });
    await attach(FULL_AWS_ACCESS, ouId);
    await detach(ids[3], ouId);
    await org.send(new DeletePolicyCommand({ PolicyId: ids[3] }));
    expect(await failure(org.send(new DescribePolicyCommand({ PolicyId: ids[3] })))).toMatchObject({ name: 'PolicyNotFoundException' });
    expect(await failure(org.send(new DeletePolicyCommand({ PolicyId: FULL_AWS_ACCESS })))).toMatchObject({ name: 'InvalidInputException', reason: 'IMMUTABLE_POLICY' });
  });

  it('enables and disables policy types on the root', async () => {
    const enable = (type: PolicyType, root = rootId) => org.send(new EnablePolicyTypeCommand({ RootId: root, PolicyType: type }));
    const disable = (type: PolicyType, root = rootId) => org.send(new DisablePolicyTypeCommand({ RootId: root, PolicyType: type }));
    expect(await failure(enable('SERVICE_CONTROL_POLICY'))).toMatchObject({ name: 'PolicyTypeAlreadyEnabledException' });
    expect(await failure(enable('RESOURCE_CONTROL_POLICY', 'r-zzzz'))).toMatchObject({ name: 'RootNotFoundException', message: "You specified a root that doesn't exist." });
    expect(await failure(disable('RESOURCE_CONTROL_POLICY'))).toMatchObject({ name: 'PolicyTypeNotEnabledException' });

    const root = (await enable('RESOURCE_CONTROL_POLICY')).Root!;
    expect(root.PolicyTypes).toEqual([
      { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
      { Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' },
    ]);
    for (const target of [rootId, ouId, member]) expect(await attached(target, 'RESOURCE_CONTROL_POLICY')).toEqual(['p-RCPFullAWSAccess']);
    expect((await org.send(new ListPoliciesCommand({ Filter: 'RESOURCE_CONTROL_POLICY' }))).Policies!.map((p) => p.Arn)).toEqual([
      'arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess',
    ]);

    // Disabling SCPs detaches every SCP; enabling them again attaches only FullAWSAccess.
    const scp = (await create('kept-but-detached', denyAll('ec2:*'))).Policy!.PolicySummary!.Id!;
    await attach(scp, member);
    await disable('SERVICE_CONTROL_POLICY');
    expect((await org.send(new ListRootsCommand({}))).Roots![0].PolicyTypes).toEqual([{ Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' }]);
    expect(await attached(member)).toEqual([]);
    expect(await failure(attach(scp, member))).toMatchObject({ name: 'PolicyTypeNotEnabledException' });
    await enable('SERVICE_CONTROL_POLICY');
    for (const target of [rootId, ouId, member, MANAGEMENT]) expect(await attached(target)).toEqual([FULL_AWS_ACCESS]);
    expect((await org.send(new DescribePolicyCommand({ PolicyId: scp }))).Policy!.PolicySummary!.Name).toBe('kept-but-detached');
  });

  it('tags roots, OUs, accounts and policies', async () => {
    const tags = async (id: string) => (await org.send(new ListTagsForResourceCommand({ ResourceId: id }))).Tags;
    const tagged = (await create('tagged', denyAll('ec2:RunInstances'), 'SERVICE_CONTROL_POLICY', [{ Key: 'owner', Value: 'sec' }])).Policy!.PolicySummary!.Id!;
    expect(await tags(tagged)).toEqual([{ Key: 'owner', Value: 'sec' }]);
    expect(await tags(ouId)).toEqual([{ Key: 'tier', Value: 'apps' }]);
    for (const id of [rootId, ouId, member, tagged]) {
      await org.send(new TagResourceCommand({ ResourceId: id, Tags: [{ Key: 'env', Value: 'test' }, { Key: 'cost', Value: '42' }] }));
      await org.send(new UntagResourceCommand({ ResourceId: id, TagKeys: ['cost'] }));
      expect(await tags(id)).toContainEqual({ Key: 'env', Value: 'test' });
      expect((await tags(id))!.map((t) => t.Key)).not.toContain('cost');
    }
    expect(await failure(org.send(new TagResourceCommand({ ResourceId: 'ou-zzzz-zzzzzzzz', Tags: [{ Key: 'a', Value: 'b' }] })))).toMatchObject({
      name: 'TargetNotFoundException',
    });
    expect(await failure(org.send(new TagResourceCommand({ ResourceId: ouId, Tags: [{ Key: 'aws:reserved', Value: 'b' }] })))).toMatchObject({
      name: 'InvalidInputException',
      reason: 'INVALID_SYSTEM_TAGS_PARAMETER',
    });
    expect(await failure(org.send(new TagResourceCommand({ ResourceId: FULL_AWS_ACCESS, Tags: [{ Key: 'a', Value: 'b' }] })))).toMatchObject({ reason: 'IMMUTABLE_POLICY' });
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(await failure(org.send(new TagResourceCommand({ ResourceId: member, Tags: many })))).toMatchObject({
      name: 'ConstraintViolationException',
      reason: 'MAX_TAG_LIMIT_EXCEEDED',
    });
    // Nothing of the refused request was applied.
    expect(await tags(member)).toEqual([{ Key: 'env', Value: 'test' }]);
  });

  it('authorizes Organizations actions on their resources with IAM policies', async () => {
    const iam = iamClient(server);
    const reader = await adminUser(iam, 'ou-reader');
    const other = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Other' }))).OrganizationalUnit!.Id!;
    const ouArn = `arn:aws:organizations::${MANAGEMENT}:ou/${orgId}/${ouId}`;
    // Narrow the administrator down with an explicit deny on everything but one OU.
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'ou-reader',
        PolicyName: 'one-ou',
        PolicyDocument: policy(
          { Effect: 'Deny', Action: 'organizations:DescribeOrganizationalUnit', NotResource: ouArn },
          { Effect: 'Deny', Action: 'organizations:AttachPolicy', Resource: '*', Condition: { StringEquals: { 'organizations:PolicyType': 'SERVICE_CONTROL_POLICY' } } },
        ),
      }),
    );
    const client = organizations(server, reader);
    await client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: ouId }));
    const denied = await failure(client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: other })));
    expect(denied).toMatchObject({ name: 'AccessDeniedException' });
    expect(denied.message).toBe(
      `User: arn:aws:iam::${MANAGEMENT}:user/ou-reader is not authorized to perform: organizations:DescribeOrganizationalUnit on resource: arn:aws:organizations::${MANAGEMENT}:ou/${orgId}/${other} with an explicit deny in an identity-based policy`,
    );
    const scp = (await create('for-condition', denyAll('ec2:StopInstances'))).Policy!.PolicySummary!.Id!;
    expect((await failure(client.send(new AttachPolicyCommand({ PolicyId: scp, TargetId: other })))).message).toContain('organizations:AttachPolicy');
  });
});

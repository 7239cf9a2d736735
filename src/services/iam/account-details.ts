// GetAccountAuthorizationDetails and ListEntitiesForPolicy: the account's IAM picture, and who uses a policy.
import type {
  GetAccountAuthorizationDetailsRequest,
  GetAccountAuthorizationDetailsResponse,
  GroupDetail,
  ListEntitiesForPolicyRequest,
  ListEntitiesForPolicyResponse,
  ManagedPolicyDetail,
  RoleDetail,
  UserDetail,
} from '../../generated/iam/types.js';
import type { HandlerContext } from '../types.js';
import { groupArn, parseIamArn, roleArn, userArn } from './arns.js';
import { awsManagedPolicies } from './aws-managed-policies.js';
import { attachmentsOf, boundaryUsesOf, fromCustomer, loadPolicy, type Attachment, type ResolvedPolicy } from './managed-policies.js';
import { matchesPathPrefix, pageFields, paginate } from './pagination.js';
import { findGroup, findRole, findUser, listRecords, type GroupRecord, type ManagedPolicyRecord, type RoleRecord, type UserRecord } from './records.js';
import { boundaryField, encodeDocument } from './shapes.js';
import { tagsField } from './tags.js';

const attached = (arns: string[]) => arns.map((arn) => ({ PolicyName: parseIamArn(arn)!.name, PolicyArn: arn }));
const inline = (policies: Record<string, string>) =>
  Object.keys(policies)
    .sort()
    .map((name) => ({ PolicyName: name, PolicyDocument: encodeDocument(policies[name]) }));

type Item =
  | { key: string; kind: 'user'; detail: UserDetail }
  | { key: string; kind: 'group'; detail: GroupDetail }
  | { key: string; kind: 'role'; detail: RoleDetail }
  | { key: string; kind: 'policy'; detail: ManagedPolicyDetail };

async function policyDetail(policy: ResolvedPolicy, ctx: HandlerContext): Promise<ManagedPolicyDetail> {
  const versions = policy.customer ? policy.customer.versions : [{ versionId: policy.defaultVersionId, document: policy.document, createdAt: policy.updatedAt }];
  const detail: ManagedPolicyDetail = {
    PolicyName: policy.name,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: (await attachmentsOf(ctx.tx, ctx.accountId, policy.arn)).length,
    PermissionsBoundaryUsageCount: (await boundaryUsesOf(ctx.tx, ctx.accountId, policy.arn)).length,
    IsAttachable: true,
    CreateDate: new Date(policy.createdAt),
    UpdateDate: new Date(policy.updatedAt),
    PolicyVersionList: versions.map((v) => ({
      Document: encodeDocument(v.document),
      VersionId: v.versionId,
      IsDefaultVersion: v.versionId === policy.defaultVersionId,
      CreateDate: new Date(v.createdAt),
    })),
  };
  if (policy.description !== undefined) detail.Description = policy.description;
  return detail;
}

export async function GetAccountAuthorizationDetails(
  input: GetAccountAuthorizationDetailsRequest,
  ctx: HandlerContext,
): Promise<GetAccountAuthorizationDetailsResponse> {
  const filter = new Set(input.Filter?.length ? input.Filter : ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy']);
  const { partition, accountId } = ctx;
  const items: Item[] = [];
  if (filter.has('User')) {
    for (const u of await listRecords<UserRecord>(ctx.tx, `iam/${accountId}/user/`)) {
      items.push({
        key: `1/${u.userName.toLowerCase()}`,
        kind: 'user',
        detail: {
          Path: u.path,
          UserName: u.userName,
          UserId: u.userId,
          Arn: userArn(partition, accountId, u.path, u.userName),
          CreateDate: new Date(u.createdAt),
          UserPolicyList: inline(u.inlinePolicies),
          GroupList: [...u.groups],
          AttachedManagedPolicies: attached(u.attachedPolicies),
          ...boundaryField(u.permissionsBoundary),
          ...tagsField(u.tags),
        },
      });
    }
  }
  if (filter.has('Group')) {
    for (const g of await listRecords<GroupRecord>(ctx.tx, `iam/${accountId}/group/`)) {
      items.push({
        key: `2/${g.groupName.toLowerCase()}`,
        kind: 'group',
        detail: {
          Path: g.path,
          GroupName: g.groupName,
          GroupId: g.groupId,
          Arn: groupArn(partition, accountId, g.path, g.groupName),
          CreateDate: new Date(g.createdAt),
          GroupPolicyList: inline(g.inlinePolicies),
          AttachedManagedPolicies: attached(g.attachedPolicies),
        },
      });
    }
  }
  if (filter.has('Role')) {
    for (const r of await listRecords<RoleRecord>(ctx.tx, `iam/${accountId}/role/`)) {
      items.push({
        key: `3/${r.roleName.toLowerCase()}`,
        kind: 'role',
        detail: {
          Path: r.path,
          RoleName: r.roleName,
          RoleId: r.roleId,
          Arn: roleArn(partition, accountId, r.path, r.roleName),
          CreateDate: new Date(r.createdAt),
          AssumeRolePolicyDocument: encodeDocument(r.assumeRolePolicyDocument),
          InstanceProfileList: [],
          RolePolicyList: inline(r.inlinePolicies),
          AttachedManagedPolicies: attached(r.attachedPolicies),
          ...boundaryField(r.permissionsBoundary),
          ...tagsField(r.tags),
          RoleLastUsed: r.lastUsed ? { LastUsedDate: new Date(r.lastUsed.date), Region: r.lastUsed.region } : {},
        },
      });
    }
  }
  if (filter.has('LocalManagedPolicy')) {
    for (const p of await listRecords<ManagedPolicyRecord>(ctx.tx, `iam/${accountId}/policy/`)) {
      items.push({ key: `4/${p.policyName.toLowerCase()}`, kind: 'policy', detail: await policyDetail(fromCustomer(p), ctx) });
    }
  }
  if (filter.has('AWSManagedPolicy')) {
    // AWS lists the AWS managed policies the account uses.
    for (const aws of awsManagedPolicies()) {
      const policy = await loadPolicy(ctx.tx, accountId, `arn:${partition}:iam::aws:policy${aws.path}${aws.name}`);
      const detail = await policyDetail(policy, ctx);
      if (detail.AttachmentCount || detail.PermissionsBoundaryUsageCount) items.push({ key: `5/${aws.name.toLowerCase()}`, kind: 'policy', detail });
    }
  }
  items.sort((a, b) => (a.key < b.key ? -1 : 1));
  const page = paginate(items, (i) => i.key, input.Marker, input.MaxItems);
  const pick = <K extends Item['kind']>(kind: K) => page.items.filter((i) => i.kind === kind).map((i) => i.detail as Extract<Item, { kind: K }>['detail']);
  return {
    UserDetailList: pick('user'),
    GroupDetailList: pick('group'),
    RoleDetailList: pick('role'),
    Policies: pick('policy'),
    ...pageFields(page),
  };
}

export async function ListEntitiesForPolicy(input: ListEntitiesForPolicyRequest, ctx: HandlerContext): Promise<ListEntitiesForPolicyResponse> {
  const policy = await loadPolicy(ctx.tx, ctx.accountId, input.PolicyArn);
  const uses: Attachment[] = [];
  if (input.PolicyUsageFilter !== 'PermissionsBoundary') uses.push(...(await attachmentsOf(ctx.tx, ctx.accountId, policy.arn)));
  if (input.PolicyUsageFilter !== 'PermissionsPolicy') {
    for (const use of await boundaryUsesOf(ctx.tx, ctx.accountId, policy.arn)) {
      if (!uses.some((u) => u.kind === use.kind && u.name.toLowerCase() === use.name.toLowerCase())) uses.push(use);
    }
  }
  const filter = input.EntityFilter;
  const rows: { key: string; kind: Attachment['kind']; name: string; id: string }[] = [];
  for (const use of uses) {
    if (filter && filter.toLowerCase() !== use.kind) continue;
    const entity =
      use.kind === 'user'
        ? await findUser(ctx.tx, ctx.accountId, use.name)
        : use.kind === 'group'
          ? await findGroup(ctx.tx, ctx.accountId, use.name)
          : await findRole(ctx.tx, ctx.accountId, use.name);
    if (!entity || !matchesPathPrefix(entity.path, input.PathPrefix)) continue;
    const record = entity as unknown as Record<string, string>;
    const id = use.kind === 'user' ? record.userId : use.kind === 'group' ? record.groupId : record.roleId;
    const name = use.kind === 'user' ? record.userName : use.kind === 'group' ? record.groupName : record.roleName;
    rows.push({ key: `${use.kind}/${name.toLowerCase()}`, kind: use.kind, name, id });
  }
  rows.sort((a, b) => (a.key < b.key ? -1 : 1));
  const page = paginate(rows, (r) => r.key, input.Marker, input.MaxItems);
  return {
    PolicyGroups: page.items.filter((r) => r.kind === 'group').map((r) => ({ GroupName: r.name, GroupId: r.id })),
    PolicyUsers: page.items.filter((r) => r.kind === 'user').map((r) => ({ UserName: r.name, UserId: r.id })),
    PolicyRoles: page.items.filter((r) => r.kind === 'role').map((r) => ({ RoleName: r.name, RoleId: r.id })),
    ...pageFields(page),
  };
}

// Managed policy attachments: Attach/Detach/ListAttached{User,Group,Role}Policies, and permissions
// boundaries: Put/Delete{User,Role}PermissionsBoundary.
import type {
  AttachGroupPolicyRequest,
  AttachRolePolicyRequest,
  AttachUserPolicyRequest,
  DeleteRolePermissionsBoundaryRequest,
  DeleteUserPermissionsBoundaryRequest,
  DetachGroupPolicyRequest,
  DetachRolePolicyRequest,
  DetachUserPolicyRequest,
  ListAttachedGroupPoliciesRequest,
  ListAttachedGroupPoliciesResponse,
  ListAttachedRolePoliciesRequest,
  ListAttachedRolePoliciesResponse,
  ListAttachedUserPoliciesRequest,
  ListAttachedUserPoliciesResponse,
  PutRolePermissionsBoundaryRequest,
  PutUserPermissionsBoundaryRequest,
} from '../../generated/iam/types.js';
import type { HandlerContext } from '../types.js';
import { parseIamArn } from './arns.js';
import { limitExceeded, noSuchEntity } from './errors.js';
import { ATTACHED_POLICIES_QUOTA as ATTACHED_QUOTA } from './limits.js';
import { loadAttachablePolicy, recordAttachment, recordBoundaryUse } from './managed-policies.js';
import { matchesPathPrefix, pageFields, paginate } from './pagination.js';
import { loadGroup, loadRole, loadUser, saveGroup, saveRole, saveUser, type EntityKind, type PrincipalEntity } from './records.js';

type Empty = Record<string, never>;

const QUOTA_NAME: Record<EntityKind, string> = { user: 'PoliciesPerUser', group: 'PoliciesPerGroup', role: 'PoliciesPerRole' };

async function load(kind: EntityKind, name: string, ctx: HandlerContext): Promise<{ entity: PrincipalEntity; name: string }> {
  if (kind === 'user') {
    const user = await loadUser(ctx.tx, ctx.accountId, name);
    return { entity: user, name: user.userName };
  }
  if (kind === 'group') {
    const group = await loadGroup(ctx.tx, ctx.accountId, name);
    return { entity: group, name: group.groupName };
  }
  const role = await loadRole(ctx.tx, ctx.accountId, name);
  return { entity: role, name: role.roleName };
}

function save(kind: EntityKind, entity: PrincipalEntity, ctx: HandlerContext): void {
  if (kind === 'user') saveUser(ctx.tx, ctx.accountId, entity as Parameters<typeof saveUser>[2]);
  else if (kind === 'group') saveGroup(ctx.tx, ctx.accountId, entity as Parameters<typeof saveGroup>[2]);
  else saveRole(ctx.tx, ctx.accountId, entity as Parameters<typeof saveRole>[2]);
}

async function attach(kind: EntityKind, name: string, arn: string, ctx: HandlerContext): Promise<Empty> {
  const { entity, name: stored } = await load(kind, name, ctx);
  const policy = await loadAttachablePolicy(ctx.tx, ctx.accountId, arn);
  if (entity.attachedPolicies.includes(policy.arn)) return {};
  if (entity.attachedPolicies.length >= ATTACHED_QUOTA) throw limitExceeded(`Cannot exceed quota for ${QUOTA_NAME[kind]}: ${ATTACHED_QUOTA}`);
  entity.attachedPolicies.push(policy.arn);
  save(kind, entity, ctx);
  recordAttachment(ctx.tx, ctx.accountId, policy.arn, kind, stored, true);
  return {};
}

async function detach(kind: EntityKind, name: string, arn: string, ctx: HandlerContext): Promise<Empty> {
  const { entity, name: stored } = await load(kind, name, ctx);
  const index = entity.attachedPolicies.indexOf(arn);
  if (index < 0) throw noSuchEntity(`Policy ${arn} was not found.`);
  entity.attachedPolicies.splice(index, 1);
  save(kind, entity, ctx);
  recordAttachment(ctx.tx, ctx.accountId, arn, kind, stored, false);
  return {};
}

async function listAttached(kind: EntityKind, name: string, input: { PathPrefix?: string; Marker?: string; MaxItems?: number }, ctx: HandlerContext) {
  const { entity } = await load(kind, name, ctx);
  const attached = entity.attachedPolicies
    .map((arn) => ({ arn, parsed: parseIamArn(arn)! }))
    .filter(({ parsed }) => matchesPathPrefix(parsed.path, input.PathPrefix))
    .map(({ arn, parsed }) => ({ PolicyName: parsed.name, PolicyArn: arn }));
  const page = paginate(attached, (p) => p.PolicyArn, input.Marker, input.MaxItems);
  return { AttachedPolicies: page.items, ...pageFields(page) };
}

export const AttachUserPolicy = (i: AttachUserPolicyRequest, ctx: HandlerContext) => attach('user', i.UserName, i.PolicyArn, ctx);
export const AttachGroupPolicy = (i: AttachGroupPolicyRequest, ctx: HandlerContext) => attach('group', i.GroupName, i.PolicyArn, ctx);
export const AttachRolePolicy = (i: AttachRolePolicyRequest, ctx: HandlerContext) => attach('role', i.RoleName, i.PolicyArn, ctx);
export const DetachUserPolicy = (i: DetachUserPolicyRequest, ctx: HandlerContext) => detach('user', i.UserName, i.PolicyArn, ctx);
export const DetachGroupPolicy = (i: DetachGroupPolicyRequest, ctx: HandlerContext) => detach('group', i.GroupName, i.PolicyArn, ctx);
export const DetachRolePolicy = (i: DetachRolePolicyRequest, ctx: HandlerContext) => detach('role', i.RoleName, i.PolicyArn, ctx);
export const ListAttachedUserPolicies = (i: ListAttachedUserPoliciesRequest, ctx: HandlerContext): Promise<ListAttachedUserPoliciesResponse> => listAttached('user', i.UserName, i, ctx);
export const ListAttachedGroupPolicies = (i: ListAttachedGroupPoliciesRequest, ctx: HandlerContext): Promise<ListAttachedGroupPoliciesResponse> => listAttached('group', i.GroupName, i, ctx);
export const ListAttachedRolePolicies = (i: ListAttachedRolePoliciesRequest, ctx: HandlerContext): Promise<ListAttachedRolePoliciesResponse> => listAttached('role', i.RoleName, i, ctx);

async function putBoundary(kind: 'user' | 'role', name: string, arn: string, ctx: HandlerContext): Promise<Empty> {
  const { entity, name: stored } = await load(kind, name, ctx);
  const policy = await loadAttachablePolicy(ctx.tx, ctx.accountId, arn);
  const record = entity as PrincipalEntity & { permissionsBoundary?: string };
  if (record.permissionsBoundary) recordBoundaryUse(ctx.tx, ctx.accountId, record.permissionsBoundary, kind, stored, false);
  record.permissionsBoundary = policy.arn;
  recordBoundaryUse(ctx.tx, ctx.accountId, policy.arn, kind, stored, true);
  save(kind, entity, ctx);
  return {};
}

async function deleteBoundary(kind: 'user' | 'role', name: string, ctx: HandlerContext): Promise<Empty> {
  const { entity, name: stored } = await load(kind, name, ctx);
  const record = entity as PrincipalEntity & { permissionsBoundary?: string };
  if (!record.permissionsBoundary) return {};
  recordBoundaryUse(ctx.tx, ctx.accountId, record.permissionsBoundary, kind, stored, false);
  delete record.permissionsBoundary;
  save(kind, entity, ctx);
  return {};
}

export const PutUserPermissionsBoundary = (i: PutUserPermissionsBoundaryRequest, ctx: HandlerContext) => putBoundary('user', i.UserName, i.PermissionsBoundary, ctx);
export const PutRolePermissionsBoundary = (i: PutRolePermissionsBoundaryRequest, ctx: HandlerContext) => putBoundary('role', i.RoleName, i.PermissionsBoundary, ctx);
export const DeleteUserPermissionsBoundary = (i: DeleteUserPermissionsBoundaryRequest, ctx: HandlerContext) => deleteBoundary('user', i.UserName, ctx);
export const DeleteRolePermissionsBoundary = (i: DeleteRolePermissionsBoundaryRequest, ctx: HandlerContext) => deleteBoundary('role', i.RoleName, ctx);

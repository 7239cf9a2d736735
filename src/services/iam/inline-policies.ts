// Inline policies of users, groups and roles: Put/Get/List/Delete{User,Group,Role}Policy. The quota
// is on all of an entity's inline policies together, counted without white space.
import type {
  DeleteGroupPolicyRequest,
  DeleteRolePolicyRequest,
  DeleteUserPolicyRequest,
  GetGroupPolicyRequest,
  GetGroupPolicyResponse,
  GetRolePolicyRequest,
  GetRolePolicyResponse,
  GetUserPolicyRequest,
  GetUserPolicyResponse,
  ListGroupPoliciesRequest,
  ListGroupPoliciesResponse,
  ListRolePoliciesRequest,
  ListRolePoliciesResponse,
  ListUserPoliciesRequest,
  ListUserPoliciesResponse,
  PutGroupPolicyRequest,
  PutRolePolicyRequest,
  PutUserPolicyRequest,
} from '../../generated/iam/types.js';
import type { HandlerContext } from '../types.js';
import { limitExceeded, noSuchEntity } from './errors.js';
import { INLINE_POLICIES_QUOTA } from './limits.js';
import { pageFields, paginate } from './pagination.js';
import { policySize, validatePolicyDocument } from './policy-validation.js';
import { loadGroup, loadRole, loadUser, saveGroup, saveRole, saveUser, type PrincipalEntity } from './records.js';
import { encodeDocument } from './shapes.js';

type Empty = Record<string, never>;
type Kind = 'user' | 'group' | 'role';

/** Aggregate inline policy quotas: UserPolicySizeQuota, GroupPolicySizeQuota, RolePolicySizeQuota. */
const INLINE_QUOTA: Record<Kind, number> = INLINE_POLICIES_QUOTA;

async function load(kind: Kind, name: string, ctx: HandlerContext): Promise<PrincipalEntity> {
  if (kind === 'user') return loadUser(ctx.tx, ctx.accountId, name);
  if (kind === 'group') return loadGroup(ctx.tx, ctx.accountId, name);
  return loadRole(ctx.tx, ctx.accountId, name);
}

function save(kind: Kind, entity: PrincipalEntity, ctx: HandlerContext): void {
  if (kind === 'user') saveUser(ctx.tx, ctx.accountId, entity as Parameters<typeof saveUser>[2]);
  else if (kind === 'group') saveGroup(ctx.tx, ctx.accountId, entity as Parameters<typeof saveGroup>[2]);
  else saveRole(ctx.tx, ctx.accountId, entity as Parameters<typeof saveRole>[2]);
}

function entityName(kind: Kind, entity: PrincipalEntity): string {
  const record = entity as unknown as Record<string, string>;
  return kind === 'user' ? record.userName : kind === 'group' ? record.groupName : record.roleName;
}

async function put(kind: Kind, name: string, policyName: string, document: string, ctx: HandlerContext): Promise<Empty> {
  const entity = await load(kind, name, ctx);
  // The quota is on the entity's inline policies together (below), not on one document.
  validatePolicyDocument(document, 'identity', { maxSize: Number.MAX_SAFE_INTEGER });
  const others = Object.entries(entity.inlinePolicies).filter(([n]) => n !== policyName);
  const total = others.reduce((sum, [, text]) => sum + policySize(text), 0) + policySize(document);
  if (total > INLINE_QUOTA[kind]) {
    throw limitExceeded(`Maximum policy size of ${INLINE_QUOTA[kind]} bytes exceeded for ${kind} ${entityName(kind, entity)}`);
  }
  entity.inlinePolicies[policyName] = document;
  save(kind, entity, ctx);
  return {};
}

async function get(kind: Kind, name: string, policyName: string, ctx: HandlerContext) {
  const entity = await load(kind, name, ctx);
  const document = entity.inlinePolicies[policyName];
  if (document === undefined) throw noSuchEntity(`The ${kind} policy with name ${policyName} cannot be found.`);
  return { entityName: entityName(kind, entity), PolicyName: policyName, PolicyDocument: encodeDocument(document) };
}

async function list(kind: Kind, name: string, marker: string | undefined, maxItems: number | undefined, ctx: HandlerContext) {
  const entity = await load(kind, name, ctx);
  const page = paginate(Object.keys(entity.inlinePolicies).sort(), (n) => n, marker, maxItems);
  return { PolicyNames: page.items, ...pageFields(page) };
}

async function remove(kind: Kind, name: string, policyName: string, ctx: HandlerContext): Promise<Empty> {
  const entity = await load(kind, name, ctx);
  if (entity.inlinePolicies[policyName] === undefined) throw noSuchEntity(`The ${kind} policy with name ${policyName} cannot be found.`);
  delete entity.inlinePolicies[policyName];
  save(kind, entity, ctx);
  return {};
}

export const PutUserPolicy = (i: PutUserPolicyRequest, ctx: HandlerContext) => put('user', i.UserName, i.PolicyName, i.PolicyDocument, ctx);
export const PutGroupPolicy = (i: PutGroupPolicyRequest, ctx: HandlerContext) => put('group', i.GroupName, i.PolicyName, i.PolicyDocument, ctx);
export const PutRolePolicy = (i: PutRolePolicyRequest, ctx: HandlerContext) => put('role', i.RoleName, i.PolicyName, i.PolicyDocument, ctx);

export async function GetUserPolicy(i: GetUserPolicyRequest, ctx: HandlerContext): Promise<GetUserPolicyResponse> {
  const { entityName: UserName, ...rest } = await get('user', i.UserName, i.PolicyName, ctx);
  return { UserName, ...rest };
}
export async function GetGroupPolicy(i: GetGroupPolicyRequest, ctx: HandlerContext): Promise<GetGroupPolicyResponse> {
  const { entityName: GroupName, ...rest } = await get('group', i.GroupName, i.PolicyName, ctx);
  return { GroupName, ...rest };
}
export async function GetRolePolicy(i: GetRolePolicyRequest, ctx: HandlerContext): Promise<GetRolePolicyResponse> {
  const { entityName: RoleName, ...rest } = await get('role', i.RoleName, i.PolicyName, ctx);
  return { RoleName, ...rest };
}

export const ListUserPolicies = (i: ListUserPoliciesRequest, ctx: HandlerContext): Promise<ListUserPoliciesResponse> => list('user', i.UserName, i.Marker, i.MaxItems, ctx);
export const ListGroupPolicies = (i: ListGroupPoliciesRequest, ctx: HandlerContext): Promise<ListGroupPoliciesResponse> => list('group', i.GroupName, i.Marker, i.MaxItems, ctx);
export const ListRolePolicies = (i: ListRolePoliciesRequest, ctx: HandlerContext): Promise<ListRolePoliciesResponse> => list('role', i.RoleName, i.Marker, i.MaxItems, ctx);

export const DeleteUserPolicy = (i: DeleteUserPolicyRequest, ctx: HandlerContext) => remove('user', i.UserName, i.PolicyName, ctx);
export const DeleteGroupPolicy = (i: DeleteGroupPolicyRequest, ctx: HandlerContext) => remove('group', i.GroupName, i.PolicyName, ctx);
export const DeleteRolePolicy = (i: DeleteRolePolicyRequest, ctx: HandlerContext) => remove('role', i.RoleName, i.PolicyName, ctx);

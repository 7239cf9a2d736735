// CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy, DeleteRole.
import type {
  CreateRoleRequest,
  CreateRoleResponse,
  DeleteRoleRequest,
  GetRoleRequest,
  GetRoleResponse,
  ListRolesRequest,
  ListRolesResponse,
  UpdateAssumeRolePolicyRequest,
  UpdateRoleDescriptionRequest,
  UpdateRoleDescriptionResponse,
  UpdateRoleRequest,
  UpdateRoleResponse,
} from '../../generated/iam/types.js';
import type { HandlerContext } from '../types.js';
import { deleteConflict, entityAlreadyExists } from './errors.js';
import { newUniqueId } from './ids.js';
import { loadAttachablePolicy, recordBoundaryUse } from './managed-policies.js';
import { matchesPathPrefix, pageFields, paginate } from './pagination.js';
import { findRole, isoNow, listRecords, loadRole, roleKey, saveRole, type RoleRecord } from './records.js';
import { roleShape } from './shapes.js';
import { checkNewTags } from './tags.js';
import { validateTrustPolicy } from './trust-policy.js';

type Empty = Record<string, never>;

export async function CreateRole(input: CreateRoleRequest, ctx: HandlerContext): Promise<CreateRoleResponse> {
  const { tx, accountId } = ctx;
  if (await findRole(tx, accountId, input.RoleName)) throw entityAlreadyExists(`Role with name ${input.RoleName} already exists.`);
  await validateTrustPolicy(tx, input.AssumeRolePolicyDocument);
  const role: RoleRecord = {
    roleName: input.RoleName,
    roleId: newUniqueId('AROA'),
    path: input.Path ?? '/',
    createdAt: isoNow(ctx.now),
    assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
    maxSessionDuration: input.MaxSessionDuration ?? 3600,
    tags: checkNewTags(input.Tags),
    inlinePolicies: {},
    attachedPolicies: [],
  };
  if (input.Description !== undefined) role.description = input.Description;
  if (input.PermissionsBoundary !== undefined) {
    const boundary = await loadAttachablePolicy(tx, accountId, input.PermissionsBoundary);
    role.permissionsBoundary = boundary.arn;
    recordBoundaryUse(tx, accountId, boundary.arn, 'role', role.roleName, true);
  }
  saveRole(tx, accountId, role);
  const shape = roleShape(role, ctx, true);
  delete shape.RoleLastUsed;
  return { Role: shape };
}

export async function GetRole(input: GetRoleRequest, ctx: HandlerContext): Promise<GetRoleResponse> {
  return { Role: roleShape(await loadRole(ctx.tx, ctx.accountId, input.RoleName), ctx, true) };
}

export async function ListRoles(input: ListRolesRequest, ctx: HandlerContext): Promise<ListRolesResponse> {
  const roles = (await listRecords<RoleRecord>(ctx.tx, `iam/${ctx.accountId}/role/`)).filter((r) => matchesPathPrefix(r.path, input.PathPrefix));
  const page = paginate(roles, (r) => r.roleName.toLowerCase(), input.Marker, input.MaxItems);
  return { Roles: page.items.map((r) => roleShape(r, ctx, false)), ...pageFields(page) };
}

export async function UpdateRole(input: UpdateRoleRequest, ctx: HandlerContext): Promise<UpdateRoleResponse> {
  const role = await loadRole(ctx.tx, ctx.accountId, input.RoleName);
  if (input.Description !== undefined) role.description = input.Description;
  if (input.MaxSessionDuration !== undefined) role.maxSessionDuration = input.MaxSessionDuration;
  saveRole(ctx.tx, ctx.accountId, role);
  return {};
}

export async function UpdateRoleDescription(input: UpdateRoleDescriptionRequest, ctx: HandlerContext): Promise<UpdateRoleDescriptionResponse> {
  const role = await loadRole(ctx.tx, ctx.accountId, input.RoleName);
  role.description = input.Description;
  saveRole(ctx.tx, ctx.accountId, role);
  return { Role: roleShape(role, ctx, true) };
}

export async function UpdateAssumeRolePolicy(input: UpdateAssumeRolePolicyRequest, ctx: HandlerContext): Promise<Empty> {
  const role = await loadRole(ctx.tx, ctx.accountId, input.RoleName);
  await validateTrustPolicy(ctx.tx, input.PolicyDocument);
  role.assumeRolePolicyDocument = input.PolicyDocument;
  saveRole(ctx.tx, ctx.accountId, role);
  return {};
}

export async function DeleteRole(input: DeleteRoleRequest, ctx: HandlerContext): Promise<Empty> {
  const role = await loadRole(ctx.tx, ctx.accountId, input.RoleName);
  if (Object.keys(role.inlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (role.attachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
  if (role.permissionsBoundary) recordBoundaryUse(ctx.tx, ctx.accountId, role.permissionsBoundary, 'role', role.roleName, false);
  ctx.tx.delete(roleKey(ctx.accountId, role.roleName));
  return {};
}

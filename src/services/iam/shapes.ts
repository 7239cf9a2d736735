// Records as IAM's response shapes.
import type { AttachedPermissionsBoundary, Group, Role, User } from '../../generated/iam/types.js';
import { groupArn, roleArn, userArn } from './arns.js';
import type { GroupRecord, RoleRecord, UserRecord } from './records.js';
import { tagsField } from './tags.js';

export interface ArnContext {
  partition: string;
  accountId: string;
}

function boundaryField(arn: string | undefined): { PermissionsBoundary?: AttachedPermissionsBoundary } {
  return arn ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn } } : {};
}

/** `full`: GetUser/CreateUser also return the boundary and tags; ListUsers does not. */
export function userShape(user: UserRecord, ctx: ArnContext, full: boolean): User {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: userArn(ctx.partition, ctx.accountId, user.path, user.userName),
    CreateDate: new Date(user.createdAt),
    ...(full ? { ...boundaryField(user.permissionsBoundary), ...tagsField(user.tags) } : {}),
  };
}

export function groupShape(group: GroupRecord, ctx: ArnContext): Group {
  return {
    Path: group.path,
    GroupName: group.groupName,
    GroupId: group.groupId,
    Arn: groupArn(ctx.partition, ctx.accountId, group.path, group.groupName),
    CreateDate: new Date(group.createdAt),
  };
}

/** IAM returns policy documents URL-encoded (RFC 3986); the CLI decodes them, the SDKs do not. */
export function encodeDocument(document: string): string {
  return encodeURIComponent(document);
}

/** `full`: GetRole/CreateRole also return tags, the boundary and last use. */
export function roleShape(role: RoleRecord, ctx: ArnContext, full: boolean): Role {
  const shape: Role = {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: roleArn(ctx.partition, ctx.accountId, role.path, role.roleName),
    CreateDate: new Date(role.createdAt),
    AssumeRolePolicyDocument: encodeDocument(role.assumeRolePolicyDocument),
    MaxSessionDuration: role.maxSessionDuration,
  };
  if (role.description !== undefined) shape.Description = role.description;
  if (full) {
    Object.assign(shape, boundaryField(role.permissionsBoundary), tagsField(role.tags));
    shape.RoleLastUsed = role.lastUsed ? { LastUsedDate: new Date(role.lastUsed.date), Region: role.lastUsed.region } : {};
  }
  return shape;
}

export { boundaryField };

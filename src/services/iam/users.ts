// CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser.
import type {
  CreateUserRequest,
  CreateUserResponse,
  DeleteUserRequest,
  GetUserRequest,
  GetUserResponse,
  ListUsersRequest,
  ListUsersResponse,
  UpdateUserRequest,
} from '../../generated/iam/types.js';
import { accessKeyStorageKey, type AccessKeyRecord } from '../../identity/access-keys.js';
import { accountStorageKey, type AccountRecord } from '../../identity/accounts.js';
import type { JsonValue } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { subjectOf } from './caller.js';
import { deleteConflict, entityAlreadyExists } from './errors.js';
import { newUniqueId } from './ids.js';
import { loadAttachablePolicy, recordAttachment, recordBoundaryUse } from './managed-policies.js';
import { matchesPathPrefix, pageFields, paginate } from './pagination.js';
import {
  findUser,
  isoNow,
  listRecords,
  loadUser,
  memberKey,
  saveMfaDevice,
  saveUser,
  userKey,
  findMfaDevice,
  type UserRecord,
} from './records.js';
import { userShape } from './shapes.js';
import { checkNewTags } from './tags.js';

export async function CreateUser(input: CreateUserRequest, ctx: HandlerContext): Promise<CreateUserResponse> {
  const { tx, accountId } = ctx;
  if (await findUser(tx, accountId, input.UserName)) throw entityAlreadyExists(`User with name ${input.UserName} already exists.`);
  const tags = checkNewTags(input.Tags);
  const user: UserRecord = {
    userName: input.UserName,
    userId: newUniqueId('AIDA'),
    path: input.Path ?? '/',
    createdAt: isoNow(ctx.now),
    tags,
    inlinePolicies: {},
    attachedPolicies: [],
    groups: [],
    accessKeys: [],
    mfaDevices: [],
  };
  if (input.PermissionsBoundary !== undefined) {
    const boundary = await loadAttachablePolicy(tx, accountId, input.PermissionsBoundary);
    user.permissionsBoundary = boundary.arn;
    recordBoundaryUse(tx, accountId, boundary.arn, 'user', user.userName, true);
  }
  saveUser(tx, accountId, user);
  return { User: userShape(user, ctx, true) };
}

export async function GetUser(input: GetUserRequest, ctx: HandlerContext): Promise<GetUserResponse> {
  const subject = subjectOf(input.UserName, ctx.principal);
  if (subject.kind === 'root') {
    // The root user is no IAM user: AWS answers with the account's id and ARN only.
    const account = (await ctx.tx.get(accountStorageKey(ctx.accountId)))?.value as unknown as AccountRecord | undefined;
    return {
      User: {
        UserId: ctx.accountId,
        Arn: `arn:${ctx.partition}:iam::${ctx.accountId}:root`,
        CreateDate: new Date(account?.createdAt ?? isoNow(ctx.now)),
      } as GetUserResponse['User'],
    };
  }
  const user = await loadUser(ctx.tx, ctx.accountId, subject.userName);
  return { User: userShape(user, ctx, true) };
}

export async function ListUsers(input: ListUsersRequest, ctx: HandlerContext): Promise<ListUsersResponse> {
  const users = (await listRecords<UserRecord>(ctx.tx, `iam/${ctx.accountId}/user/`)).filter((u) => matchesPathPrefix(u.path, input.PathPrefix));
  const page = paginate(users, (u) => u.userName.toLowerCase(), input.Marker, input.MaxItems);
  return { Users: page.items.map((u) => userShape(u, ctx, false)), ...pageFields(page) };
}

export async function UpdateUser(input: UpdateUserRequest, ctx: HandlerContext): Promise<Record<string, never>> {
  const { tx, accountId } = ctx;
  const user = await loadUser(tx, accountId, input.UserName);
  const newName = input.NewUserName ?? user.userName;
  const newPath = input.NewPath ?? user.path;
  const renamed = newName.toLowerCase() !== user.userName.toLowerCase();
  if (renamed && (await findUser(tx, accountId, newName))) throw entityAlreadyExists(`User with name ${newName} already exists.`);
  const oldName = user.userName;
  if (renamed) tx.delete(userKey(accountId, oldName));
  user.userName = newName;
  user.path = newPath;
  saveUser(tx, accountId, user);

  // Everything that names the user follows it: memberships, attachments, its boundary, MFA devices
  // and the owner its access keys act as.
  for (const groupName of user.groups) {
    if (renamed) tx.delete(memberKey(accountId, groupName, oldName));
    tx.put(memberKey(accountId, groupName, newName), { userName: newName });
  }
  if (renamed) {
    for (const arn of user.attachedPolicies) {
      recordAttachment(tx, accountId, arn, 'user', oldName, false);
      recordAttachment(tx, accountId, arn, 'user', newName, true);
    }
    if (user.permissionsBoundary) {
      recordBoundaryUse(tx, accountId, user.permissionsBoundary, 'user', oldName, false);
      recordBoundaryUse(tx, accountId, user.permissionsBoundary, 'user', newName, true);
    }
  }
  for (const serial of user.mfaDevices) {
    const device = await findMfaDevice(tx, accountId, serial.slice(serial.lastIndexOf('/') + 1));
    if (device) saveMfaDevice(tx, accountId, { ...device, userName: newName });
  }
  for (const accessKeyId of user.accessKeys) {
    const stored = await tx.get(accessKeyStorageKey(accessKeyId));
    if (!stored) continue;
    const record = stored.value as unknown as AccessKeyRecord;
    if (record.owner.type === 'IAMUser') {
      record.owner = { ...record.owner, userName: newName, path: newPath };
      tx.put(accessKeyStorageKey(accessKeyId), record as unknown as JsonValue);
    }
  }
  return {};
}

export async function DeleteUser(input: DeleteUserRequest, ctx: HandlerContext): Promise<Record<string, never>> {
  const { tx, accountId } = ctx;
  const user = await loadUser(tx, accountId, input.UserName);
  if (user.accessKeys.length > 0) throw deleteConflict('Cannot delete entity, must delete access keys first.');
  if (user.mfaDevices.length > 0) throw deleteConflict('Cannot delete entity, must delete MFA device first.');
  if (Object.keys(user.inlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (user.attachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
  if (user.groups.length > 0) throw deleteConflict('Cannot delete entity, must remove user from all groups first.');
  if (user.permissionsBoundary) recordBoundaryUse(tx, accountId, user.permissionsBoundary, 'user', user.userName, false);
  tx.delete(userKey(accountId, user.userName));
  return {};
}

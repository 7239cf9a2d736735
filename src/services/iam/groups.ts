// CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup, AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser.
import type {
  AddUserToGroupRequest,
  CreateGroupRequest,
  CreateGroupResponse,
  DeleteGroupRequest,
  GetGroupRequest,
  GetGroupResponse,
  ListGroupsForUserRequest,
  ListGroupsForUserResponse,
  ListGroupsRequest,
  ListGroupsResponse,
  RemoveUserFromGroupRequest,
  UpdateGroupRequest,
} from '../../generated/iam/types.js';
import type { HandlerContext } from '../types.js';
import { deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity } from './errors.js';
import { newUniqueId } from './ids.js';
import { GROUPS_PER_USER } from './limits.js';
import { recordAttachment } from './managed-policies.js';
import { matchesPathPrefix, pageFields, paginate } from './pagination.js';
import {
  findGroup,
  findUser,
  groupKey,
  isoNow,
  listRecords,
  loadGroup,
  loadUser,
  memberKey,
  membersPrefix,
  saveGroup,
  saveUser,
  type GroupRecord,
  type UserRecord,
} from './records.js';
import { groupShape, userShape } from './shapes.js';

type Empty = Record<string, never>;

export async function CreateGroup(input: CreateGroupRequest, ctx: HandlerContext): Promise<CreateGroupResponse> {
  if (await findGroup(ctx.tx, ctx.accountId, input.GroupName)) throw entityAlreadyExists(`Group with name ${input.GroupName} already exists.`);
  const group: GroupRecord = {
    groupName: input.GroupName,
    groupId: newUniqueId('AGPA'),
    path: input.Path ?? '/',
    createdAt: isoNow(ctx.now),
    inlinePolicies: {},
    attachedPolicies: [],
  };
  saveGroup(ctx.tx, ctx.accountId, group);
  return { Group: groupShape(group, ctx) };
}

async function membersOf(ctx: HandlerContext, groupName: string): Promise<UserRecord[]> {
  const names = await listRecords<{ userName: string }>(ctx.tx, membersPrefix(ctx.accountId, groupName));
  const users: UserRecord[] = [];
  for (const { userName } of names) {
    const user = await findUser(ctx.tx, ctx.accountId, userName);
    if (user) users.push(user);
  }
  return users;
}

export async function GetGroup(input: GetGroupRequest, ctx: HandlerContext): Promise<GetGroupResponse> {
  const group = await loadGroup(ctx.tx, ctx.accountId, input.GroupName);
  const page = paginate(await membersOf(ctx, group.groupName), (u) => u.userName.toLowerCase(), input.Marker, input.MaxItems);
  return { Group: groupShape(group, ctx), Users: page.items.map((u) => userShape(u, ctx, false)), ...pageFields(page) };
}

export async function ListGroups(input: ListGroupsRequest, ctx: HandlerContext): Promise<ListGroupsResponse> {
  const groups = (await listRecords<GroupRecord>(ctx.tx, `iam/${ctx.accountId}/group/`)).filter((g) => matchesPathPrefix(g.path, input.PathPrefix));
  const page = paginate(groups, (g) => g.groupName.toLowerCase(), input.Marker, input.MaxItems);
  return { Groups: page.items.map((g) => groupShape(g, ctx)), ...pageFields(page) };
}

export async function UpdateGroup(input: UpdateGroupRequest, ctx: HandlerContext): Promise<Empty> {
  const { tx, accountId } = ctx;
  const group = await loadGroup(tx, accountId, input.GroupName);
  const oldName = group.groupName;
  const newName = input.NewGroupName ?? oldName;
  const renamed = newName.toLowerCase() !== oldName.toLowerCase();
  if (renamed && (await findGroup(tx, accountId, newName))) throw entityAlreadyExists(`Group with name ${newName} already exists.`);
  const members = await membersOf(ctx, oldName);
  if (renamed) tx.delete(groupKey(accountId, oldName));
  group.groupName = newName;
  group.path = input.NewPath ?? group.path;
  saveGroup(tx, accountId, group);
  for (const user of members) {
    if (renamed) tx.delete(memberKey(accountId, oldName, user.userName));
    tx.put(memberKey(accountId, newName, user.userName), { userName: user.userName });
    user.groups = user.groups.map((g) => (g.toLowerCase() === oldName.toLowerCase() ? newName : g));
    saveUser(tx, accountId, user);
  }
  if (renamed) {
    for (const arn of group.attachedPolicies) {
      recordAttachment(tx, accountId, arn, 'group', oldName, false);
      recordAttachment(tx, accountId, arn, 'group', newName, true);
    }
  }
  return {};
}

export async function DeleteGroup(input: DeleteGroupRequest, ctx: HandlerContext): Promise<Empty> {
  const group = await loadGroup(ctx.tx, ctx.accountId, input.GroupName);
  if ((await ctx.tx.list({ prefix: membersPrefix(ctx.accountId, group.groupName), limit: 1 })).length > 0) {
    throw deleteConflict('Cannot delete entity, must remove users from group first.');
  }
  if (Object.keys(group.inlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (group.attachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
  ctx.tx.delete(groupKey(ctx.accountId, group.groupName));
  return {};
}

export async function AddUserToGroup(input: AddUserToGroupRequest, ctx: HandlerContext): Promise<Empty> {
  const group = await loadGroup(ctx.tx, ctx.accountId, input.GroupName);
  const user = await loadUser(ctx.tx, ctx.accountId, input.UserName);
  if (user.groups.some((g) => g.toLowerCase() === group.groupName.toLowerCase())) return {};
  if (user.groups.length >= GROUPS_PER_USER) throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${GROUPS_PER_USER}`);
  user.groups.push(group.groupName);
  saveUser(ctx.tx, ctx.accountId, user);
  ctx.tx.put(memberKey(ctx.accountId, group.groupName, user.userName), { userName: user.userName });
  return {};
}

export async function RemoveUserFromGroup(input: RemoveUserFromGroupRequest, ctx: HandlerContext): Promise<Empty> {
  const group = await loadGroup(ctx.tx, ctx.accountId, input.GroupName);
  const user = await loadUser(ctx.tx, ctx.accountId, input.UserName);
  const index = user.groups.findIndex((g) => g.toLowerCase() === group.groupName.toLowerCase());
  if (index < 0) throw noSuchEntity(`The user with name ${input.UserName} cannot be found in group ${group.groupName}.`);
  user.groups.splice(index, 1);
  saveUser(ctx.tx, ctx.accountId, user);
  ctx.tx.delete(memberKey(ctx.accountId, group.groupName, user.userName));
  return {};
}

export async function ListGroupsForUser(input: ListGroupsForUserRequest, ctx: HandlerContext): Promise<ListGroupsForUserResponse> {
  const user = await loadUser(ctx.tx, ctx.accountId, input.UserName);
  const groups: GroupRecord[] = [];
  for (const name of user.groups) {
    const group = await findGroup(ctx.tx, ctx.accountId, name);
    if (group) groups.push(group);
  }
  groups.sort((a, b) => (a.groupName.toLowerCase() < b.groupName.toLowerCase() ? -1 : 1));
  const page = paginate(groups, (g) => g.groupName.toLowerCase(), input.Marker, input.MaxItems);
  return { Groups: page.items.map((g) => groupShape(g, ctx)), ...pageFields(page) };
}

// TagUser/UntagUser/ListUserTags, TagRole/UntagRole/ListRoleTags, TagPolicy/UntagPolicy/ListPolicyTags.
import type {
  ListPolicyTagsRequest,
  ListPolicyTagsResponse,
  ListRoleTagsRequest,
  ListRoleTagsResponse,
  ListUserTagsRequest,
  ListUserTagsResponse,
  TagPolicyRequest,
  TagRoleRequest,
  TagUserRequest,
  UntagPolicyRequest,
  UntagRoleRequest,
  UntagUserRequest,
} from '../../generated/iam/types.js';
import type { HandlerContext } from '../types.js';
import { loadPolicy } from './managed-policies.js';
import { pageFields, paginate } from './pagination.js';
import { loadRole, loadUser, savePolicy, saveRole, saveUser, type TagRecord } from './records.js';
import { mergeTags, removeTags } from './tags.js';
import { unmodifiableEntity } from './errors.js';

type Empty = Record<string, never>;

function tagPage(tags: TagRecord[], marker: string | undefined, maxItems: number | undefined) {
  const indexed = tags.map((tag, i) => ({ tag, key: String(i).padStart(4, '0') }));
  const page = paginate(indexed, (t) => t.key, marker, maxItems);
  return { Tags: page.items.map((t) => t.tag), ...pageFields(page) };
}

export async function TagUser(input: TagUserRequest, ctx: HandlerContext): Promise<Empty> {
  const user = await loadUser(ctx.tx, ctx.accountId, input.UserName);
  user.tags = mergeTags(user.tags, input.Tags);
  saveUser(ctx.tx, ctx.accountId, user);
  return {};
}

export async function UntagUser(input: UntagUserRequest, ctx: HandlerContext): Promise<Empty> {
  const user = await loadUser(ctx.tx, ctx.accountId, input.UserName);
  user.tags = removeTags(user.tags, input.TagKeys);
  saveUser(ctx.tx, ctx.accountId, user);
  return {};
}

export async function ListUserTags(input: ListUserTagsRequest, ctx: HandlerContext): Promise<ListUserTagsResponse> {
  const user = await loadUser(ctx.tx, ctx.accountId, input.UserName);
  return tagPage(user.tags, input.Marker, input.MaxItems);
}

export async function TagRole(input: TagRoleRequest, ctx: HandlerContext): Promise<Empty> {
  const role = await loadRole(ctx.tx, ctx.accountId, input.RoleName);
  role.tags = mergeTags(role.tags, input.Tags);
  saveRole(ctx.tx, ctx.accountId, role);
  return {};
}

export async function UntagRole(input: UntagRoleRequest, ctx: HandlerContext): Promise<Empty> {
  const role = await loadRole(ctx.tx, ctx.accountId, input.RoleName);
  role.tags = removeTags(role.tags, input.TagKeys);
  saveRole(ctx.tx, ctx.accountId, role);
  return {};
}

export async function ListRoleTags(input: ListRoleTagsRequest, ctx: HandlerContext): Promise<ListRoleTagsResponse> {
  const role = await loadRole(ctx.tx, ctx.accountId, input.RoleName);
  return tagPage(role.tags, input.Marker, input.MaxItems);
}

async function customerPolicy(arn: string, ctx: HandlerContext) {
  const policy = await loadPolicy(ctx.tx, ctx.accountId, arn);
  if (!policy.customer) throw unmodifiableEntity(`Cannot perform the operation on the AWS managed policy ${arn}.`);
  return policy.customer;
}

export async function TagPolicy(input: TagPolicyRequest, ctx: HandlerContext): Promise<Empty> {
  const policy = await customerPolicy(input.PolicyArn, ctx);
  policy.tags = mergeTags(policy.tags, input.Tags);
  savePolicy(ctx.tx, ctx.accountId, policy);
  return {};
}

export async function UntagPolicy(input: UntagPolicyRequest, ctx: HandlerContext): Promise<Empty> {
  const policy = await customerPolicy(input.PolicyArn, ctx);
  policy.tags = removeTags(policy.tags, input.TagKeys);
  savePolicy(ctx.tx, ctx.accountId, policy);
  return {};
}

export async function ListPolicyTags(input: ListPolicyTagsRequest, ctx: HandlerContext): Promise<ListPolicyTagsResponse> {
  const policy = await loadPolicy(ctx.tx, ctx.accountId, input.PolicyArn);
  return tagPage(policy.customer?.tags ?? [], input.Marker, input.MaxItems);
}

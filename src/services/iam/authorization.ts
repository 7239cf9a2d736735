// What each IAM operation must be authorized for, per the Service Authorization Reference: the
// iam:<Operation> action on the user, group, role, policy or MFA device it acts on (with the entity's
// path in its ARN, and its tags as aws:ResourceTag / iam:ResourceTag), or on "*" for account-wide
// listings; and the request's condition keys: aws:RequestTag/<key> and aws:TagKeys where tags are set,
// iam:PolicyARN where a managed policy is attached or detached, iam:PermissionsBoundary where a
// boundary is set or where a user or role that has one is changed.
import type {
  AttachRolePolicyRequest,
  AttachUserPolicyRequest,
  DetachRolePolicyRequest,
  DetachUserPolicyRequest,
  PutRolePermissionsBoundaryRequest,
  PutUserPermissionsBoundaryRequest,
  TagRoleRequest,
  TagUserRequest,
  UntagRoleRequest,
  UntagUserRequest,
} from '../../generated/iam/types.js';
import { AwsError } from '../../errors.js';
import type { ContextValue } from '../../iam/types.js';
import { callerSession } from '../sts/caller-session.js';
import type { AuthorizationCheck, AuthorizationContext, AuthorizationTable, AuthorizedResource } from '../authorization.js';
import { groupArn, mfaArn, parseIamArn, policyArn, roleArn, userArn } from './arns.js';
import { findGroup, findRole, findUser, type TagRecord } from './records.js';

type Context = Record<string, ContextValue | undefined>;

function resourceTags(tags: readonly TagRecord[] | undefined): { tags?: Record<string, string>; context?: Context } {
  if (!tags?.length) return {};
  const map: Record<string, string> = {};
  const context: Context = {};
  for (const tag of tags) {
    map[tag.Key] = tag.Value;
    context[`iam:ResourceTag/${tag.Key}`] = tag.Value;
  }
  return { tags: map, context };
}

function requestTags(tags: unknown): Context {
  const list = (tags as TagRecord[] | undefined) ?? [];
  if (list.length === 0) return {};
  const context: Context = { 'aws:TagKeys': list.map((t) => t.Key) };
  for (const tag of list) context[`aws:RequestTag/${tag.Key}`] = tag.Value ?? '';
  return context;
}

const check = (action: string, resource: AuthorizedResource, context?: Context): AuthorizationCheck[] => [
  context && Object.keys(context).length ? { action, resource, context } : { action, resource },
];

const star = (ctx: AuthorizationContext): AuthorizedResource => ({ arn: '*', accountId: ctx.accountId });

/** The user a request names (or the caller, for operations that default to the caller). */
async function userResource(ctx: AuthorizationContext, name: string | undefined): Promise<{ resource: AuthorizedResource; boundary?: string }> {
  const { partition, accountId, principal } = ctx;
  const userName = name ?? (principal.type === 'IAMUser' ? principal.userName : undefined);
  if (userName === undefined) return { resource: { arn: principal.arn, accountId } };
  const user = await findUser(ctx.tx, accountId, userName);
  const resource: AuthorizedResource = { arn: userArn(partition, accountId, user?.path ?? '/', user?.userName ?? userName), accountId, ...resourceTags(user?.tags) };
  return user?.permissionsBoundary ? { resource, boundary: user.permissionsBoundary } : { resource };
}

async function roleResource(ctx: AuthorizationContext, name: string): Promise<{ resource: AuthorizedResource; boundary?: string }> {
  const role = await findRole(ctx.tx, ctx.accountId, name);
  const resource: AuthorizedResource = { arn: roleArn(ctx.partition, ctx.accountId, role?.path ?? '/', role?.roleName ?? name), accountId: ctx.accountId, ...resourceTags(role?.tags) };
  return role?.permissionsBoundary ? { resource, boundary: role.permissionsBoundary } : { resource };
}

async function groupResource(ctx: AuthorizationContext, name: string): Promise<AuthorizedResource> {
  const group = await findGroup(ctx.tx, ctx.accountId, name);
  return { arn: groupArn(ctx.partition, ctx.accountId, group?.path ?? '/', group?.groupName ?? name), accountId: ctx.accountId };
}

function policyResource(ctx: AuthorizationContext, arn: string): AuthorizedResource {
  const parsed = parseIamArn(arn);
  return { arn, accountId: parsed && parsed.accountId !== 'aws' ? parsed.accountId : ctx.accountId };
}

const boundaryContext = (boundary: string | undefined): Context => (boundary ? { 'iam:PermissionsBoundary': boundary } : {});

// Generic in the request type, so each table entry takes its operation's input.
function onUser<I extends { UserName?: string }>(action: string, extra?: (input: I, boundary: string | undefined) => Context) {
  return async (input: I, ctx: AuthorizationContext) => {
    const { resource, boundary } = await userResource(ctx, input.UserName);
    return check(action, resource, extra?.(input, boundary));
  };
}

function onRole<I extends { RoleName: string }>(action: string, extra?: (input: I, boundary: string | undefined) => Context) {
  return async (input: I, ctx: AuthorizationContext) => {
    const { resource, boundary } = await roleResource(ctx, input.RoleName);
    return check(action, resource, extra?.(input, boundary));
  };
}

const onGroup =
  <I extends { GroupName: string }>(action: string, extra?: (input: I) => Context) =>
  async (input: I, ctx: AuthorizationContext) =>
    check(action, await groupResource(ctx, input.GroupName), extra?.(input));

const onPolicy =
  <I extends { PolicyArn: string }>(action: string) =>
  (input: I, ctx: AuthorizationContext) =>
    check(action, policyResource(ctx, input.PolicyArn));
const onStar = (action: string) => (_input: unknown, ctx: AuthorizationContext) => check(action, star(ctx));

const withBoundary = (_input: unknown, boundary: string | undefined) => boundaryContext(boundary);
const attaching = (input: { PolicyArn: string }, boundary: string | undefined) => ({ 'iam:PolicyARN': input.PolicyArn, ...boundaryContext(boundary) });
const settingBoundary = (input: { PermissionsBoundary?: string }) => boundaryContext(input.PermissionsBoundary);
const tagging = (input: { Tags?: unknown }) => requestTags(input.Tags);

const table = {
  // users
  CreateUser: async (input, ctx) =>
    check('iam:CreateUser', { arn: userArn(ctx.partition, ctx.accountId, input.Path ?? '/', input.UserName), accountId: ctx.accountId }, {
      ...requestTags(input.Tags),
      ...settingBoundary(input),
    }),
  GetUser: onUser('iam:GetUser'),
  ListUsers: onStar('iam:ListUsers'),
  UpdateUser: onUser('iam:UpdateUser'),
  DeleteUser: onUser('iam:DeleteUser'),
  TagUser: onUser<TagUserRequest>('iam:TagUser', tagging),
  UntagUser: onUser<UntagUserRequest>('iam:UntagUser', (input) => ({ 'aws:TagKeys': input.TagKeys })),
  ListUserTags: onUser('iam:ListUserTags'),
  // groups
  CreateGroup: (input, ctx) => check('iam:CreateGroup', { arn: groupArn(ctx.partition, ctx.accountId, input.Path ?? '/', input.GroupName), accountId: ctx.accountId }),
  GetGroup: onGroup('iam:GetGroup'),
  ListGroups: onStar('iam:ListGroups'),
  UpdateGroup: onGroup('iam:UpdateGroup'),
  DeleteGroup: onGroup('iam:DeleteGroup'),
  AddUserToGroup: onGroup('iam:AddUserToGroup'),
  RemoveUserFromGroup: onGroup('iam:RemoveUserFromGroup'),
  ListGroupsForUser: onUser('iam:ListGroupsForUser'),
  // roles
  CreateRole: async (input, ctx) =>
    check('iam:CreateRole', { arn: roleArn(ctx.partition, ctx.accountId, input.Path ?? '/', input.RoleName), accountId: ctx.accountId }, {
      ...requestTags(input.Tags),
      ...settingBoundary(input),
    }),
  GetRole: onRole('iam:GetRole'),
  ListRoles: onStar('iam:ListRoles'),
  UpdateRole: onRole('iam:UpdateRole', withBoundary),
  UpdateRoleDescription: onRole('iam:UpdateRoleDescription', withBoundary),
  UpdateAssumeRolePolicy: onRole('iam:UpdateAssumeRolePolicy', withBoundary),
  DeleteRole: onRole('iam:DeleteRole', withBoundary),
  TagRole: onRole<TagRoleRequest>('iam:TagRole', tagging),
  UntagRole: onRole<UntagRoleRequest>('iam:UntagRole', (input) => ({ 'aws:TagKeys': input.TagKeys })),
  ListRoleTags: onRole('iam:ListRoleTags'),
  // managed policies
  CreatePolicy: (input, ctx) =>
    check('iam:CreatePolicy', { arn: policyArn(ctx.partition, ctx.accountId, input.Path ?? '/', input.PolicyName), accountId: ctx.accountId }, requestTags(input.Tags)),
  GetPolicy: onPolicy('iam:GetPolicy'),
  ListPolicies: onStar('iam:ListPolicies'),
  DeletePolicy: onPolicy('iam:DeletePolicy'),
  CreatePolicyVersion: onPolicy('iam:CreatePolicyVersion'),
  GetPolicyVersion: onPolicy('iam:GetPolicyVersion'),
  ListPolicyVersions: onPolicy('iam:ListPolicyVersions'),
  DeletePolicyVersion: onPolicy('iam:DeletePolicyVersion'),
  SetDefaultPolicyVersion: onPolicy('iam:SetDefaultPolicyVersion'),
  TagPolicy: (input, ctx) => check('iam:TagPolicy', policyResource(ctx, input.PolicyArn), requestTags(input.Tags)),
  UntagPolicy: (input, ctx) => check('iam:UntagPolicy', policyResource(ctx, input.PolicyArn), { 'aws:TagKeys': input.TagKeys }),
  ListPolicyTags: onPolicy('iam:ListPolicyTags'),
  ListEntitiesForPolicy: onPolicy('iam:ListEntitiesForPolicy'),
  // inline policies
  PutUserPolicy: onUser('iam:PutUserPolicy', withBoundary),
  GetUserPolicy: onUser('iam:GetUserPolicy'),
  ListUserPolicies: onUser('iam:ListUserPolicies'),
  DeleteUserPolicy: onUser('iam:DeleteUserPolicy', withBoundary),
  PutGroupPolicy: onGroup('iam:PutGroupPolicy'),
  GetGroupPolicy: onGroup('iam:GetGroupPolicy'),
  ListGroupPolicies: onGroup('iam:ListGroupPolicies'),
  DeleteGroupPolicy: onGroup('iam:DeleteGroupPolicy'),
  PutRolePolicy: onRole('iam:PutRolePolicy', withBoundary),
  GetRolePolicy: onRole('iam:GetRolePolicy'),
  ListRolePolicies: onRole('iam:ListRolePolicies'),
  DeleteRolePolicy: onRole('iam:DeleteRolePolicy', withBoundary),
  // attachments and boundaries
  AttachUserPolicy: onUser<AttachUserPolicyRequest>('iam:AttachUserPolicy', attaching),
  DetachUserPolicy: onUser<DetachUserPolicyRequest>('iam:DetachUserPolicy', attaching),
  ListAttachedUserPolicies: onUser('iam:ListAttachedUserPolicies'),
  AttachGroupPolicy: onGroup<{ GroupName: string; PolicyArn: string }>('iam:AttachGroupPolicy', (input) => ({ 'iam:PolicyARN': input.PolicyArn })),
  DetachGroupPolicy: onGroup<{ GroupName: string; PolicyArn: string }>('iam:DetachGroupPolicy', (input) => ({ 'iam:PolicyARN': input.PolicyArn })),
  ListAttachedGroupPolicies: onGroup('iam:ListAttachedGroupPolicies'),
  AttachRolePolicy: onRole<AttachRolePolicyRequest>('iam:AttachRolePolicy', attaching),
  DetachRolePolicy: onRole<DetachRolePolicyRequest>('iam:DetachRolePolicy', attaching),
  ListAttachedRolePolicies: onRole('iam:ListAttachedRolePolicies'),
  PutUserPermissionsBoundary: onUser<PutUserPermissionsBoundaryRequest>('iam:PutUserPermissionsBoundary', settingBoundary),
  DeleteUserPermissionsBoundary: onUser('iam:DeleteUserPermissionsBoundary', withBoundary),
  PutRolePermissionsBoundary: onRole<PutRolePermissionsBoundaryRequest>('iam:PutRolePermissionsBoundary', settingBoundary),
  DeleteRolePermissionsBoundary: onRole('iam:DeleteRolePermissionsBoundary', withBoundary),
  // access keys
  CreateAccessKey: onUser('iam:CreateAccessKey'),
  ListAccessKeys: onUser('iam:ListAccessKeys'),
  UpdateAccessKey: onUser('iam:UpdateAccessKey'),
  DeleteAccessKey: onUser('iam:DeleteAccessKey'),
  // The key's owner is the resource; an unknown key is checked against the caller (and then not found).
  GetAccessKeyLastUsed: async (input, ctx) => {
    const record = (await ctx.tx.get(`cred/${input.AccessKeyId}`))?.value as { accountId?: string; owner?: { type: string; userName?: string } } | undefined;
    const userName = record?.accountId === ctx.accountId && record.owner?.type === 'IAMUser' ? record.owner.userName : undefined;
    return check('iam:GetAccessKeyLastUsed', (await userResource(ctx, userName)).resource);
  },
  // MFA devices
  CreateVirtualMFADevice: (input, ctx) =>
    check('iam:CreateVirtualMFADevice', { arn: mfaArn(ctx.partition, ctx.accountId, input.Path ?? '/', input.VirtualMFADeviceName), accountId: ctx.accountId }, requestTags(input.Tags)),
  EnableMFADevice: onUser('iam:EnableMFADevice'),
  ResyncMFADevice: onUser('iam:ResyncMFADevice'),
  DeactivateMFADevice: onUser('iam:DeactivateMFADevice'),
  ListMFADevices: onUser('iam:ListMFADevices'),
  ListVirtualMFADevices: onStar('iam:ListVirtualMFADevices'),
  DeleteVirtualMFADevice: (input, ctx) => check('iam:DeleteVirtualMFADevice', { arn: input.SerialNumber, accountId: ctx.accountId }),
  // account-wide
  GetAccountAuthorizationDetails: onStar('iam:GetAccountAuthorizationDetails'),
  GenerateCredentialReport: onStar('iam:GenerateCredentialReport'),
  GetCredentialReport: onStar('iam:GetCredentialReport'),
  SimulateCustomPolicy: onStar('iam:SimulateCustomPolicy'),
  SimulatePrincipalPolicy: (input, ctx) => check('iam:SimulatePrincipalPolicy', { arn: input.PolicySourceArn, accountId: ctx.accountId }),
} satisfies AuthorizationTable<'iam'>;

/**
 * Credentials from GetSessionToken without MFA cannot call IAM at all (AWS: "You cannot call any IAM
 * API operations unless MFA authentication information is included in the request"); AWS refuses
 * their token.
 */
async function refuseSessionWithoutMfa(ctx: AuthorizationContext): Promise<void> {
  const { principal } = ctx;
  if (!principal.temporary || (principal.type !== 'IAMUser' && principal.type !== 'Root')) return;
  const session = principal.session ?? (await callerSession(ctx.tx, principal));
  if (session?.mfaAuthenticatedAt === undefined) {
    throw new AwsError('UnrecognizedClient', 'The security token included in the request is invalid');
  }
}

type Entry = (input: never, ctx: AuthorizationContext) => Promise<AuthorizationCheck[]> | AuthorizationCheck[];

export const iamAuthorization: typeof table = Object.fromEntries(
  Object.entries(table).map(([operation, entry]) => [
    operation,
    async (input: never, ctx: AuthorizationContext) => {
      await refuseSessionWithoutMfa(ctx);
      return (entry as Entry)(input, ctx);
    },
  ]),
) as unknown as typeof table;

// What each Organizations operation must be authorized for, per the Service Authorization Reference: the
// organizations:<Operation> action on the account, OU, root or policy it acts on (ARNs owned by the
// management account, with the resource's tags as aws:ResourceTag), or on "*" for organization-wide
// operations; organizations:PolicyType where a policy type is involved; aws:RequestTag/aws:TagKeys, and
// organizations:TagResource as well, where tags are set.
//
// Before any of that, as Organizations itself does: a caller whose account is in no organization gets
// AWSOrganizationsNotInUseException, and a member account calling what only the management account may
// call gets AccessDeniedException (only DescribeOrganization is open to members here).
import type {
  DisablePolicyTypeRequest,
  EnablePolicyTypeRequest,
  ListPoliciesForTargetRequest,
  Tag,
  TagResourceRequest,
  UntagResourceRequest,
} from '../../generated/organizations/types.js';
import type { ContextValue } from '../../iam/types.js';
import type { AuthorizationCheck, AuthorizationContext, AuthorizationTable, AuthorizedResource } from '../authorization.js';
import { accountArn, policyArn, targetArn } from './arns.js';
import { callerOrganization, managementOrganization, type CallerOrganization } from './context.js';
import { findAnyPolicy, isAwsManaged } from './policy-lookup.js';
import type { GuardrailType } from './policy-types.js';
import { findTaggable } from './tagging.js';
import { tagMap } from './tags.js';
import { findOrganizationMember, findTarget } from './targets.js';

type Context = Record<string, ContextValue | undefined>;

const check = (action: string, resource: AuthorizedResource, context: Context = {}): AuthorizationCheck =>
  Object.keys(context).length ? { action, resource, context } : { action, resource };

const star = (ctx: AuthorizationContext): AuthorizedResource => ({ arn: '*', accountId: ctx.accountId });

const owned = (caller: CallerOrganization, arn: string, tags?: readonly Tag[]): AuthorizedResource =>
  tags?.length ? { arn, accountId: caller.org.managementAccountId, tags: tagMap(tags) } : { arn, accountId: caller.org.managementAccountId };

function requestTags(tags: readonly Tag[] | undefined): Context {
  if (!tags?.length) return {};
  const context: Context = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value ?? '';
  return context;
}

const policyType = (type: string | undefined): Context => (type === undefined ? {} : { 'organizations:PolicyType': type });

const management = (ctx: AuthorizationContext) => managementOrganization(ctx.tx, ctx);

async function targetResource(ctx: AuthorizationContext, caller: CallerOrganization, id: string): Promise<AuthorizedResource> {
  const target = await findTarget(ctx.tx, caller.org, id);
  return owned(caller, targetArn(caller.place, id), target?.tags);
}

/** A policy's resource and type; a policy that does not exist is named as an SCP (the handler then says it does not exist). */
async function policyResource(ctx: AuthorizationContext, caller: CallerOrganization, id: string): Promise<{ resource: AuthorizedResource; type: GuardrailType | undefined }> {
  const policy = await findAnyPolicy(ctx.tx, caller.org.id, id);
  const managed = policy !== undefined && isAwsManaged(policy);
  const arn = policyArn(caller.place, policy?.type ?? 'SERVICE_CONTROL_POLICY', id, managed);
  return { resource: owned(caller, arn, policy && !isAwsManaged(policy) ? policy.tags : undefined), type: policy?.type };
}

/** Setting tags while creating something also needs organizations:TagResource. */
const tagging = (resource: AuthorizedResource, tags: readonly Tag[] | undefined): AuthorizationCheck[] =>
  tags?.length ? [check('organizations:TagResource', resource, requestTags(tags))] : [];

const onStar = (action: string, context?: (input: never) => Context) => async (input: unknown, ctx: AuthorizationContext) => {
  await management(ctx);
  return [check(action, star(ctx), context?.(input as never))];
};

const onTarget =
  <I>(action: string, idOf: (input: I) => string, context?: (input: I) => Context) =>
  async (input: I, ctx: AuthorizationContext) => {
    const caller = await management(ctx);
    return [check(action, await targetResource(ctx, caller, idOf(input)), context?.(input))];
  };

const onPolicy =
  <I extends { PolicyId: string }>(action: string) =>
  async (input: I, ctx: AuthorizationContext) => {
    const caller = await management(ctx);
    const { resource, type } = await policyResource(ctx, caller, input.PolicyId);
    return [check(action, resource, policyType(type))];
  };

const onAttachment =
  (action: string) =>
  async (input: { PolicyId: string; TargetId: string }, ctx: AuthorizationContext) => {
    const caller = await management(ctx);
    const { resource, type } = await policyResource(ctx, caller, input.PolicyId);
    return [check(action, resource, policyType(type)), check(action, await targetResource(ctx, caller, input.TargetId), policyType(type))];
  };

const onTaggable =
  <I extends { ResourceId: string }>(action: string, context?: (input: I) => Context) =>
  async (input: I, ctx: AuthorizationContext) => {
    const caller = await management(ctx);
    const id = input.ResourceId;
    let resource: AuthorizedResource;
    if (id.startsWith('p-')) resource = (await policyResource(ctx, caller, id)).resource;
    else resource = owned(caller, targetArn(caller.place, id), (await findTaggable(ctx.tx, caller.org, id))?.tags);
    return [check(action, resource, context?.(input))];
  };

export const organizationsAuthorization = {
  CreateOrganization: (_input, ctx) => [check('organizations:CreateOrganization', star(ctx))],
  DescribeOrganization: async (_input, ctx) => {
    await callerOrganization(ctx.tx, ctx);
    return [check('organizations:DescribeOrganization', star(ctx))];
  },
  DeleteOrganization: onStar('organizations:DeleteOrganization'),

  CreateAccount: async (input, ctx) => {
    await management(ctx);
    return [check('organizations:CreateAccount', star(ctx), requestTags(input.Tags)), ...tagging(star(ctx), input.Tags)];
  },
  DescribeCreateAccountStatus: onStar('organizations:DescribeCreateAccountStatus'),
  ListCreateAccountStatus: onStar('organizations:ListCreateAccountStatus'),
  DescribeAccount: async (input, ctx) => {
    const caller = await management(ctx);
    const member = await findOrganizationMember(ctx.tx, caller.org, input.AccountId);
    return [check('organizations:DescribeAccount', owned(caller, accountArn(caller.place, input.AccountId), member?.tags))];
  },
  ListAccounts: onStar('organizations:ListAccounts'),
  ListAccountsForParent: onTarget('organizations:ListAccountsForParent', (i: { ParentId: string }) => i.ParentId),
  MoveAccount: async (input, ctx) => {
    const caller = await management(ctx);
    const checks: AuthorizationCheck[] = [];
    for (const id of [input.AccountId, input.SourceParentId, input.DestinationParentId]) checks.push(check('organizations:MoveAccount', await targetResource(ctx, caller, id)));
    return checks;
  },

  ListRoots: onStar('organizations:ListRoots'),
  ListParents: onTarget('organizations:ListParents', (i: { ChildId: string }) => i.ChildId),
  ListChildren: onTarget('organizations:ListChildren', (i: { ParentId: string }) => i.ParentId),

  CreateOrganizationalUnit: async (input, ctx) => {
    const caller = await management(ctx);
    const parent = await targetResource(ctx, caller, input.ParentId);
    return [check('organizations:CreateOrganizationalUnit', parent, requestTags(input.Tags)), ...tagging(parent, input.Tags)];
  },
  DescribeOrganizationalUnit: onTarget('organizations:DescribeOrganizationalUnit', (i: { OrganizationalUnitId: string }) => i.OrganizationalUnitId),
  UpdateOrganizationalUnit: onTarget('organizations:UpdateOrganizationalUnit', (i: { OrganizationalUnitId: string }) => i.OrganizationalUnitId),
  DeleteOrganizationalUnit: onTarget('organizations:DeleteOrganizationalUnit', (i: { OrganizationalUnitId: string }) => i.OrganizationalUnitId),
  ListOrganizationalUnitsForParent: onTarget('organizations:ListOrganizationalUnitsForParent', (i: { ParentId: string }) => i.ParentId),

  CreatePolicy: async (input, ctx) => {
    await management(ctx);
    return [check('organizations:CreatePolicy', star(ctx), { ...policyType(input.Type), ...requestTags(input.Tags) }), ...tagging(star(ctx), input.Tags)];
  },
  DescribePolicy: onPolicy('organizations:DescribePolicy'),
  UpdatePolicy: onPolicy('organizations:UpdatePolicy'),
  DeletePolicy: onPolicy('organizations:DeletePolicy'),
  ListPolicies: onStar('organizations:ListPolicies', (i: { Filter: string }) => policyType(i.Filter)),
  AttachPolicy: onAttachment('organizations:AttachPolicy'),
  DetachPolicy: onAttachment('organizations:DetachPolicy'),
  ListPoliciesForTarget: onTarget('organizations:ListPoliciesForTarget', (i: ListPoliciesForTargetRequest) => i.TargetId, (i) => policyType(i.Filter)),
  ListTargetsForPolicy: onPolicy('organizations:ListTargetsForPolicy'),
  EnablePolicyType: onTarget('organizations:EnablePolicyType', (i: EnablePolicyTypeRequest) => i.RootId, (i) => policyType(i.PolicyType)),
  DisablePolicyType: onTarget('organizations:DisablePolicyType', (i: DisablePolicyTypeRequest) => i.RootId, (i) => policyType(i.PolicyType)),

  TagResource: onTaggable('organizations:TagResource', (i: TagResourceRequest) => requestTags(i.Tags)),
  UntagResource: onTaggable('organizations:UntagResource', (i: UntagResourceRequest): Context => (i.TagKeys.length ? { 'aws:TagKeys': i.TagKeys } : {})),
  ListTagsForResource: onTaggable('organizations:ListTagsForResource'),
} satisfies AuthorizationTable<'organizations'>;

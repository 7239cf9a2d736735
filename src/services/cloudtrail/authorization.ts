// What each CloudTrail operation is authorized for (the Service Authorization Reference's actions):
// trail operations act on the trail's ARN, arn:<partition>:cloudtrail:<region>:<account>:trail/<name>
// (with its tags as aws:ResourceTag/<key>); lookups and listings name no resource ("*"); tagging
// supplies aws:RequestTag/<key> and aws:TagKeys.
import type { Tag } from '../../generated/cloudtrail/types.js';
import type { AuthorizationCheck, AuthorizationContext, AuthorizationTable, AuthorizedResource } from '../authorization.js';
import { isArn, parseTrailArn, trailArn } from './names.js';
import { arnOf, findTrail, tagMap } from './records.js';

const anyResource = (action: string) => (): AuthorizationCheck[] => [{ action, resource: { arn: '*', accountId: '' } }];

/** The trail a request names; a trail that does not exist is still named by its ARN, so the caller's permission is decided first. */
async function trailResource(ctx: AuthorizationContext, nameOrArn: string): Promise<AuthorizedResource> {
  const found = await findTrail(ctx.tx, ctx, nameOrArn);
  if ('trail' in found) return { arn: arnOf(found.trail), accountId: found.trail.accountId, tags: tagMap(found.trail.tags), loaded: found.trail };
  if (isArn(nameOrArn)) return { arn: nameOrArn, accountId: parseTrailArn(nameOrArn).accountId };
  return { arn: trailArn({ partition: ctx.partition, region: ctx.region, accountId: ctx.accountId, name: nameOrArn }), accountId: ctx.accountId };
}

/** A tagging request's resource: a trail by ARN, or (for other ARNs, which the handler refuses) the ARN as given. */
async function taggedResource(ctx: AuthorizationContext, resourceId: string): Promise<AuthorizedResource> {
  if (/^arn:[^:]+:cloudtrail:[^:]+:\d{12}:trail\//.test(resourceId)) return trailResource(ctx, resourceId);
  const account = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(resourceId)?.[1];
  return { arn: resourceId, accountId: account ?? ctx.accountId };
}

const trailAction = (action: string) => async (input: { Name: string }, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> => [
  { action, resource: await trailResource(ctx, input.Name) },
];

function requestTags(tags: readonly Tag[] | undefined): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = { 'aws:TagKeys': (tags ?? []).map((t) => t.Key) };
  for (const tag of tags ?? []) context[`aws:RequestTag/${tag.Key}`] = tag.Value ?? '';
  return context;
}

export const cloudTrailAuthorization: AuthorizationTable<'cloudtrail'> = {
  CreateTrail: (input, ctx) => [
    {
      action: 'cloudtrail:CreateTrail',
      resource: { arn: trailArn({ partition: ctx.partition, region: ctx.region, accountId: ctx.accountId, name: input.Name }), accountId: ctx.accountId },
      context: requestTags(input.TagsList),
    },
  ],
  GetTrail: trailAction('cloudtrail:GetTrail'),
  GetTrailStatus: trailAction('cloudtrail:GetTrailStatus'),
  UpdateTrail: trailAction('cloudtrail:UpdateTrail'),
  DeleteTrail: trailAction('cloudtrail:DeleteTrail'),
  StartLogging: trailAction('cloudtrail:StartLogging'),
  StopLogging: trailAction('cloudtrail:StopLogging'),
  PutEventSelectors: async (input, ctx) => [{ action: 'cloudtrail:PutEventSelectors', resource: await trailResource(ctx, input.TrailName) }],
  GetEventSelectors: async (input, ctx) => [{ action: 'cloudtrail:GetEventSelectors', resource: await trailResource(ctx, input.TrailName) }],
  AddTags: async (input, ctx) => [{ action: 'cloudtrail:AddTags', resource: await taggedResource(ctx, input.ResourceId), context: requestTags(input.TagsList) }],
  RemoveTags: async (input, ctx) => [
    { action: 'cloudtrail:RemoveTags', resource: await taggedResource(ctx, input.ResourceId), context: { 'aws:TagKeys': input.TagsList.map((t) => t.Key) } },
  ],
  ListTags: async (input, ctx) => {
    const checks: AuthorizationCheck[] = [];
    for (const id of input.ResourceIdList) checks.push({ action: 'cloudtrail:ListTags', resource: await taggedResource(ctx, id) });
    return checks;
  },
  DescribeTrails: anyResource('cloudtrail:DescribeTrails'),
  ListTrails: anyResource('cloudtrail:ListTrails'),
  LookupEvents: anyResource('cloudtrail:LookupEvents'),
  ListPublicKeys: anyResource('cloudtrail:ListPublicKeys'),
};

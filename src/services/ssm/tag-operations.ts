// AddTagsToResource, RemoveTagsFromResource and ListTagsForResource for parameters (ResourceType
// Parameter, ResourceId the parameter's name or ARN). Parameter Store's other taggable resources
// (documents, maintenance windows, ...) are not served by Rampart, so no such resource exists.
import { AwsError } from '../../errors.js';
import type {
  AddTagsToResourceRequest,
  AddTagsToResourceResult,
  ListTagsForResourceRequest,
  ListTagsForResourceResult,
  RemoveTagsFromResourceRequest,
  RemoveTagsFromResourceResult,
} from '../../generated/ssm/types.js';
import type { ContextValue } from '../../iam/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import type { SsmDeps } from './deps.js';
import { reservedName } from './delete-parameter.js';
import { isAwsNamespace, parameterArn, parseNameReference } from './names.js';
import { placeOf } from './reads.js';
import { loadParameter, saveParameter, type LoadedParameter } from './records.js';
import { mergeTags, requestTagConditions, resourceTags, validateTags } from './tags.js';

const invalidResourceId = () => new AwsError('InvalidResourceId', 'Invalid Resource Id');

interface TagPlan {
  arn: string;
  loaded?: LoadedParameter;
}

function authorizeTagging(deps: SsmDeps, action: string, context: (input: never) => Record<string, ContextValue | undefined>, writes: boolean) {
  return async (input: { ResourceType: string; ResourceId: string }, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> => {
    const place = placeOf(ctx);
    if (input.ResourceType !== 'Parameter') throw invalidResourceId();
    let reference;
    try {
      reference = parseNameReference(input.ResourceId, place, { selectors: false });
    } catch {
      throw invalidResourceId();
    }
    if (writes && isAwsNamespace(reference.name)) throw reservedName(reference.name);
    const loaded = reference.foreign ? undefined : await loadParameter(ctx.tx, place, reference.name);
    const arn = parameterArn(place, loaded?.record.name ?? reference.name);
    const plan: TagPlan = deps.plans.set(ctx.tx, loaded ? { arn, loaded } : { arn });
    return [{ action, resource: { arn, accountId: ctx.accountId, tags: resourceTags(plan.loaded?.record.tags ?? []) }, context: context(input as never) }];
  };
}

export const authorizeAddTags = (deps: SsmDeps) =>
  authorizeTagging(deps, 'ssm:AddTagsToResource', (input: AddTagsToResourceRequest) => requestTagConditions(input.Tags), true);
export const authorizeRemoveTags = (deps: SsmDeps) =>
  authorizeTagging(deps, 'ssm:RemoveTagsFromResource', (input: RemoveTagsFromResourceRequest) => ({ 'aws:TagKeys': input.TagKeys }), true);
export const authorizeListTags = (deps: SsmDeps) => authorizeTagging(deps, 'ssm:ListTagsForResource', () => ({}), false);

function loadedFor(deps: SsmDeps, ctx: HandlerContext): LoadedParameter {
  const plan = deps.plans.get<TagPlan>(ctx.tx);
  if (!plan.loaded) throw invalidResourceId();
  return plan.loaded;
}

export function addTagsToResource(deps: SsmDeps) {
  return (input: AddTagsToResourceRequest, ctx: HandlerContext): AddTagsToResourceResult => {
    validateTags(input.Tags);
    const loaded = loadedFor(deps, ctx);
    deps.updates.check(ctx.tx, ctx.requestId, parameterArn(placeOf(ctx), loaded.record.name), loaded.version);
    loaded.record.tags = mergeTags(loaded.record.tags, input.Tags);
    saveParameter(ctx.tx, placeOf(ctx), loaded.record);
    return {};
  };
}

export function removeTagsFromResource(deps: SsmDeps) {
  return (input: RemoveTagsFromResourceRequest, ctx: HandlerContext): RemoveTagsFromResourceResult => {
    const loaded = loadedFor(deps, ctx);
    deps.updates.check(ctx.tx, ctx.requestId, parameterArn(placeOf(ctx), loaded.record.name), loaded.version);
    const remove = new Set(input.TagKeys);
    loaded.record.tags = loaded.record.tags.filter((tag) => !remove.has(tag.Key));
    saveParameter(ctx.tx, placeOf(ctx), loaded.record);
    return {};
  };
}

export function listTagsForResource(deps: SsmDeps) {
  return (_input: ListTagsForResourceRequest, ctx: HandlerContext): ListTagsForResourceResult => ({ TagList: loadedFor(deps, ctx).record.tags });
}


// LabelParameterVersion and UnlabelParameterVersion (see labels.ts for the rules).
import { AwsError } from '../../errors.js';
import type {
  LabelParameterVersionRequest,
  LabelParameterVersionResult,
  UnlabelParameterVersionRequest,
  UnlabelParameterVersionResult,
} from '../../generated/ssm/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import type { SsmDeps } from './deps.js';
import { reservedName } from './delete-parameter.js';
import { attachLabels, detachLabels } from './labels.js';
import { isAwsNamespace, parameterArn, parseNameReference } from './names.js';
import { placeOf, versionNotFound } from './reads.js';
import { loadParameter, saveParameter, type LoadedParameter } from './records.js';
import { resourceTags } from './tags.js';

interface LabelPlan {
  name: string;
  arn: string;
  loaded?: LoadedParameter;
}

function authorizeLabels(deps: SsmDeps, action: string) {
  return async (input: { Name: string }, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> => {
    const place = placeOf(ctx);
    const reference = parseNameReference(input.Name, place, { selectors: false });
    if (isAwsNamespace(reference.name)) throw reservedName(reference.name);
    const loaded = reference.foreign ? undefined : await loadParameter(ctx.tx, place, reference.name);
    const arn = parameterArn(place, reference.name);
    const plan: LabelPlan = deps.plans.set(ctx.tx, loaded ? { name: reference.name, arn, loaded } : { name: reference.name, arn });
    return [{ action, resource: { arn, accountId: ctx.accountId, tags: resourceTags(plan.loaded?.record.tags ?? []) } }];
  };
}

export const authorizeLabelParameterVersion = (deps: SsmDeps) => authorizeLabels(deps, 'ssm:LabelParameterVersion');
export const authorizeUnlabelParameterVersion = (deps: SsmDeps) => authorizeLabels(deps, 'ssm:UnlabelParameterVersion');

function loadedFor(deps: SsmDeps, ctx: HandlerContext, version: number | undefined) {
  const plan = deps.plans.get<LabelPlan>(ctx.tx);
  if (!plan.loaded) throw new AwsError('ParameterNotFound', `Parameter ${plan.name} not found.`);
  deps.updates.check(ctx.tx, ctx.requestId, plan.arn, plan.loaded.version);
  const record = plan.loaded.record;
  const target = version ?? record.current.version;
  if (target < record.firstVersion || target > record.current.version) throw versionNotFound(record.name, target);
  return { record, target };
}

export function labelParameterVersion(deps: SsmDeps) {
  return (input: LabelParameterVersionRequest, ctx: HandlerContext): LabelParameterVersionResult => {
    const { record, target } = loadedFor(deps, ctx, input.ParameterVersion);
    const invalid = attachLabels(record, target, input.Labels);
    saveParameter(ctx.tx, placeOf(ctx), record);
    return { InvalidLabels: invalid, ParameterVersion: target };
  };
}

export function unlabelParameterVersion(deps: SsmDeps) {
  return (input: UnlabelParameterVersionRequest, ctx: HandlerContext): UnlabelParameterVersionResult => {
    const { record, target } = loadedFor(deps, ctx, input.ParameterVersion);
    const { removed, invalid } = detachLabels(record, target, input.Labels);
    if (removed.length > 0) saveParameter(ctx.tx, placeOf(ctx), record);
    return { RemovedLabels: removed, InvalidLabels: invalid };
  };
}

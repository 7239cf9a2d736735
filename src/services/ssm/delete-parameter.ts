// DeleteParameter and DeleteParameters: a parameter goes with all its versions, labels, tags and
// policy schedule. DeleteParameters answers per name: DeletedParameters and InvalidParameters.
import { AwsError } from '../../errors.js';
import type { DeleteParameterRequest, DeleteParameterResult, DeleteParametersRequest, DeleteParametersResult } from '../../generated/ssm/types.js';
import type { Transaction } from '../../storage/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { policyJobId, type SsmDeps } from './deps.js';
import { isAwsNamespace, parameterArn, parseNameReference, type ParameterPlace } from './names.js';
import { parameterNotFound, placeOf } from './reads.js';
import { deleteParameterRecords, loadParameter, moveCount, type LoadedParameter, type ParameterRecord } from './records.js';
import { resourceTags } from './tags.js';

interface DeleteTarget {
  requested: string;
  loaded?: LoadedParameter;
}

export const reservedName = (name: string) => new AwsError('AccessDenied', `No access to reserved parameter name: ${name}.`);

async function resolveDelete(ctx: AuthorizationContext, raw: string, action: string): Promise<{ target: DeleteTarget; check?: AuthorizationCheck }> {
  const place = placeOf(ctx);
  const reference = parseNameReference(raw, place, { selectors: false });
  if (isAwsNamespace(reference.name)) throw reservedName(reference.name);
  const loaded = reference.foreign ? undefined : await loadParameter(ctx.tx, place, reference.name);
  const target: DeleteTarget = { requested: raw };
  if (!loaded) return { target, check: { action, resource: { arn: parameterArn(place, reference.name), accountId: ctx.accountId } } };
  target.loaded = loaded;
  const arn = parameterArn(place, loaded.record.name);
  return { target, check: { action, resource: { arn, accountId: ctx.accountId, tags: resourceTags(loaded.record.tags) } } };
}

/** Removes a parameter and everything that belongs to it. */
export async function removeParameter(
  deps: Pick<SsmDeps, 'scheduler'>,
  tx: Transaction,
  place: ParameterPlace,
  record: ParameterRecord,
  options: { keepJob?: boolean } = {},
): Promise<void> {
  deleteParameterRecords(tx, place, record);
  await moveCount(tx, place, record.current.tier, undefined);
  // The policy job itself ends through the scheduler (keepJob), anyone else cancels it.
  if (record.current.policies.length > 0 && !options.keepJob) await deps.scheduler.cancel(tx, policyJobId(parameterArn(place, record.name)));
}

export function authorizeDeleteParameter(deps: SsmDeps) {
  return async (input: DeleteParameterRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> => {
    const { target, check } = await resolveDelete(ctx, input.Name, 'ssm:DeleteParameter');
    deps.plans.set(ctx.tx, target);
    return check ? [check] : [];
  };
}

export function deleteParameter(deps: SsmDeps) {
  return async (_input: DeleteParameterRequest, ctx: HandlerContext): Promise<DeleteParameterResult> => {
    const target = deps.plans.get<DeleteTarget>(ctx.tx);
    if (!target.loaded) throw parameterNotFound();
    await removeParameter(deps, ctx.tx, placeOf(ctx), target.loaded.record);
    return {};
  };
}

interface BatchDelete {
  targets: DeleteTarget[];
  invalid: string[];
}

export function authorizeDeleteParameters(deps: SsmDeps) {
  return async (input: DeleteParametersRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> => {
    const plan: BatchDelete = deps.plans.set(ctx.tx, { targets: [], invalid: [] });
    const checks: AuthorizationCheck[] = [];
    for (const name of new Set(input.Names)) {
      try {
        const { target, check } = await resolveDelete(ctx, name, 'ssm:DeleteParameters');
        plan.targets.push(target);
        if (check) checks.push(check);
      } catch (error) {
        if (error instanceof AwsError && error.code === 'ValidationException') plan.invalid.push(name);
        else throw error;
      }
    }
    return checks;
  };
}

export function deleteParameters(deps: SsmDeps) {
  return async (_input: DeleteParametersRequest, ctx: HandlerContext): Promise<DeleteParametersResult> => {
    const plan = deps.plans.get<BatchDelete>(ctx.tx);
    const place = placeOf(ctx);
    const deleted: string[] = [];
    const invalid = [...plan.invalid];
    for (const target of plan.targets) {
      if (!target.loaded) {
        invalid.push(target.requested);
        continue;
      }
      await removeParameter(deps, ctx.tx, place, target.loaded.record);
      deleted.push(target.requested);
    }
    return { DeletedParameters: deleted, InvalidParameters: invalid };
  };
}

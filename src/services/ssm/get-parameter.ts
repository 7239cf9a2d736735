// GetParameter and GetParameters: one parameter, or up to ten (in name order, with the names that
// could not be answered in InvalidParameters). Names may carry ":version" or ":label" selectors, be
// ARNs, public /aws/service/ parameters or /aws/reference/secretsmanager/ references (see reads.ts).
import { isAwsError } from '../../errors.js';
import type { GetParameterRequest, GetParameterResult, GetParametersRequest, GetParametersResult, Parameter } from '../../generated/ssm/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import type { SsmDeps } from './deps.js';
import { parameterOutput, placeOf, resolveRead, type ReadTarget } from './reads.js';

export function authorizeGetParameter(deps: SsmDeps) {
  return async (input: GetParameterRequest, ctx: AuthorizationContext) =>
    (await resolveRead(deps, ctx, input.Name, 'ssm:GetParameter', input.WithDecryption === true)).checks;
}

export function getParameter(deps: SsmDeps) {
  return async (_input: GetParameterRequest, ctx: HandlerContext): Promise<GetParameterResult> => {
    const target = ctx.checks[0]!.resource.loaded as ReadTarget;
    return { Parameter: await parameterOutput(deps, placeOf(ctx), target) };
  };
}

/** What GetParameters resolved: each readable name's target, and the names it rejected outright. */
interface BatchPlan {
  targets: ReadTarget[];
  invalid: string[];
}

export function authorizeGetParameters(deps: SsmDeps) {
  return async (input: GetParametersRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> => {
    const plan: BatchPlan = { targets: [], invalid: [] };
    const checks: AuthorizationCheck[] = [];
    for (const name of new Set(input.Names)) {
      try {
        const resolved = await resolveRead(deps, ctx, name, 'ssm:GetParameters', input.WithDecryption === true);
        plan.targets.push(resolved.target);
        checks.push(...resolved.checks);
      } catch (error) {
        // A name that is not valid (or a reference read without decryption) is reported, not fatal.
        if (!isAwsError(error) || error.code === 'AccessDenied' || error.code === 'Throttling') throw error;
        plan.invalid.push(name);
      }
    }
    deps.plans.set(ctx.tx, plan);
    return checks;
  };
}

export function getParameters(deps: SsmDeps) {
  return async (_input: GetParametersRequest, ctx: HandlerContext): Promise<GetParametersResult> => {
    const plan = deps.plans.get<BatchPlan>(ctx.tx);
    const place = placeOf(ctx);
    const parameters: Parameter[] = [];
    const invalid = [...plan.invalid];
    for (const target of plan.targets) {
      if (target.kind === 'missing') {
        invalid.push(target.requested);
        continue;
      }
      try {
        parameters.push(await parameterOutput(deps, place, target));
      } catch (error) {
        if (isAwsError(error) && (error.code === 'ParameterNotFound' || error.code === 'ValidationException')) invalid.push(target.requested);
        else throw error;
      }
    }
    parameters.sort((a, b) => (a.Name! < b.Name! ? -1 : a.Name! > b.Name! ? 1 : 0));
    return { Parameters: parameters, InvalidParameters: invalid };
  };
}

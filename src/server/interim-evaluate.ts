// INTERIM, to be deleted when src/iam's evaluator lands: allows an account's root user in its own
// account and denies everything else, without reading any policy.
import type { EvaluationRequest, EvaluationResult } from '../iam/types.js';

export function interimEvaluate(request: EvaluationRequest): EvaluationResult {
  const allowed = request.principal.kind === 'Root' && request.principal.accountId === request.resourceAccountId;
  return allowed
    ? { decision: 'Allow', matchedStatements: [] }
    : { decision: 'ImplicitDeny', deniedBy: 'identity-based policy', matchedStatements: [] };
}

// Small builders for the IAM unit tests: principals, policies, and "does this condition hold".
import { evaluate } from '../../src/iam/evaluate.js';
import type { ContextValue, EvaluationPrincipal, EvaluationRequest, EvaluationResult, NamedPolicy } from '../../src/iam/types.js';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';

export const user = (name = 'alice', account = ACCOUNT): EvaluationPrincipal => ({
  kind: 'IAMUser',
  arn: `arn:aws:iam::${account}:user/${name}`,
  accountId: account,
});

export const session = (role = 'app', name = 'worker', account = ACCOUNT): EvaluationPrincipal => ({
  kind: 'AssumedRole',
  arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`,
  accountId: account,
  roleArn: `arn:aws:iam::${account}:role/${role}`,
});

export const root = (account = ACCOUNT): EvaluationPrincipal => ({ kind: 'Root', arn: `arn:aws:iam::${account}:root`, accountId: account });

export const service = (name: string): EvaluationPrincipal => ({ kind: 'AWSService', arn: name, accountId: '', service: name });

export const anonymous: EvaluationPrincipal = { kind: 'Anonymous', arn: '*', accountId: '' };

type Statement = Record<string, unknown>;

let counter = 0;
/** A named policy of these statements (Version 2012-10-17 unless given). */
export function policy(statements: Statement | Statement[], version: string | null = '2012-10-17'): NamedPolicy {
  const document: Record<string, unknown> = { Statement: statements };
  if (version !== null) document.Version = version;
  return { id: `policy-${++counter}`, document: JSON.stringify(document) };
}

export const allowAll = (extra: Statement = {}): Statement => ({ Effect: 'Allow', Action: '*', Resource: '*', ...extra });
export const denyAll = (extra: Statement = {}): Statement => ({ Effect: 'Deny', Action: '*', Resource: '*', ...extra });

export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf`;

/** An evaluation request with defaults: alice reads a secret of her own account, no policies. */
export function request(overrides: Partial<EvaluationRequest> = {}): EvaluationRequest {
  return {
    principal: user(),
    action: 'secretsmanager:GetSecretValue',
    resource: SECRET_ARN,
    resourceAccountId: ACCOUNT,
    identityPolicies: [],
    context: {},
    ...overrides,
  };
}

export function decide(overrides: Partial<EvaluationRequest> = {}): EvaluationResult {
  return evaluate(request(overrides));
}

/** Whether an Allow statement with this Condition block applies to a request with this context. */
export function conditionHolds(condition: Record<string, unknown>, context: Record<string, ContextValue | undefined>, version: string | null = '2012-10-17'): boolean {
  return decide({ identityPolicies: [policy(allowAll({ Condition: condition }), version)], context }).decision === 'Allow';
}

// GetKeyPolicy, PutKeyPolicy and ListKeyPolicies. A key has exactly one policy, named "default".
import { AwsError } from '../../errors.js';
import type {
  GetKeyPolicyRequest,
  GetKeyPolicyResponse,
  ListKeyPoliciesRequest,
  ListKeyPoliciesResponse,
  PutKeyPolicyRequest,
} from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import type { KmsDeps } from './deps.js';
import { lockoutRefusal, policyKeepsCallerInControl, validateKeyPolicy } from './key-policy.js';
import { saveKey } from './key-record.js';
import { pageLimit } from './pagination.js';

function requireDefault(policyName: string | undefined): void {
  if (policyName !== undefined && policyName !== 'default') {
    throw new AwsError('NotFoundException', `No such policy exists: ${policyName}. The only valid policy name is default.`);
  }
}

export function GetKeyPolicy(input: GetKeyPolicyRequest, ctx: HandlerContext): GetKeyPolicyResponse {
  requireDefault(input.PolicyName);
  return { Policy: checkedKey(ctx).record.policy, PolicyName: 'default' };
}

export function PutKeyPolicy(input: PutKeyPolicyRequest, ctx: HandlerContext, deps: KmsDeps): Record<string, never> {
  requireDefault(input.PolicyName);
  const loaded = checkedKey(ctx);
  const statements = validateKeyPolicy(input.Policy);
  if (!input.BypassPolicyLockoutSafetyCheck && !policyKeepsCallerInControl(statements, input.Policy, ctx.principal, loaded.record.arn, deps.evaluate)) {
    throw lockoutRefusal();
  }
  loaded.record.policy = input.Policy;
  saveKey(ctx.tx, loaded);
  return {};
}

export function ListKeyPolicies(input: ListKeyPoliciesRequest, ctx: HandlerContext): ListKeyPoliciesResponse {
  pageLimit(input.Limit, 100, 1000);
  checkedKey(ctx);
  return { PolicyNames: ['default'], Truncated: false };
}

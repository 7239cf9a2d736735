import type { HandlerContext } from '../types.js';
import type { GetCallerIdentityRequest, GetCallerIdentityResponse } from '../../generated/sts/types.js';

// Needs no permission: AWS answers GetCallerIdentity even when every action is denied.
export function GetCallerIdentity(_input: GetCallerIdentityRequest, ctx: HandlerContext): GetCallerIdentityResponse {
  return { UserId: ctx.principal.principalId, Account: ctx.principal.accountId, Arn: ctx.principal.arn };
}

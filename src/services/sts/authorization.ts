// What each STS operation must be authorized for. GetCallerIdentity and GetSessionToken need no
// permission (AWS answers them for any authenticated caller); AssumeRole is decided by the role's trust
// policy and the caller's identity policies (assume-role.ts); GetAccessKeyInfo and
// DecodeAuthorizationMessage need their action on "*".
import type { Keyring } from '../../crypto/keyring.js';
import { noAuthorization, type AuthorizationContext, type AuthorizationTable } from '../authorization.js';
import { assumeRoleAuthorization } from './assume-role.js';

const onStar = (action: string) => (_input: unknown, ctx: AuthorizationContext) => [{ action, resource: { arn: '*', accountId: ctx.accountId } }];

export function stsAuthorization(keyring: Keyring) {
  return {
    GetCallerIdentity: noAuthorization,
    GetSessionToken: noAuthorization,
    AssumeRole: assumeRoleAuthorization(keyring),
    GetAccessKeyInfo: onStar('sts:GetAccessKeyInfo'),
    DecodeAuthorizationMessage: onStar('sts:DecodeAuthorizationMessage'),
  } satisfies AuthorizationTable<'sts'>;
}

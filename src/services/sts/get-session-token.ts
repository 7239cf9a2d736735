// GetSessionToken: temporary credentials for an IAM user or the root user, with the same permissions,
// optionally MFA-authenticated (aws:MultiFactorAuthPresent true in every request signed with them).
import type { Keyring } from '../../crypto/keyring.js';
import { AwsError } from '../../errors.js';
import type { GetSessionTokenRequest, GetSessionTokenResponse } from '../../generated/sts/types.js';
import type { AccessKeyOwner, SessionRecord } from '../../identity/access-keys.js';
import type { HandlerContext } from '../types.js';
import { findUser } from '../iam/records.js';
import type { TemporaryCredentials } from './credentials.js';
import { verifyRequestMfa } from './mfa-code.js';

/** Users get 12 hours unless they ask otherwise; the root user at most one hour. */
const DEFAULT_SECONDS = 43200;
const ROOT_MAX_SECONDS = 3600;

export function getSessionTokenHandler(keyring: Keyring, credentials: TemporaryCredentials) {
  return async function GetSessionToken(input: GetSessionTokenRequest, ctx: HandlerContext): Promise<GetSessionTokenResponse> {
    const { principal } = ctx;
    if (principal.temporary || principal.type === 'AssumedRole' || principal.type === 'FederatedUser') {
      throw new AwsError('AccessDenied', 'Cannot call GetSessionToken with session credentials');
    }
    const mfa = await verifyRequestMfa(ctx.tx, keyring, principal, input.SerialNumber, input.TokenCode, ctx.now);
    let owner: AccessKeyOwner;
    let duration = input.DurationSeconds ?? DEFAULT_SECONDS;
    if (principal.type === 'Root') {
      owner = { type: 'Root' };
      // AWS shortens, rather than refuses, a longer session for the root user.
      duration = Math.min(duration, ROOT_MAX_SECONDS);
    } else {
      const user = await findUser(ctx.tx, principal.accountId, principal.userName ?? '');
      if (!user) throw new AwsError('AccessDenied', `User: ${principal.arn} is not authorized to perform: sts:GetSessionToken`);
      owner = { type: 'IAMUser', userName: user.userName, userId: user.userId, path: user.path };
    }
    const session: SessionRecord = { issuedAt: ctx.now };
    if (mfa) session.mfaAuthenticatedAt = ctx.now;
    const issued = await credentials.issue(ctx.tx, { accountId: principal.accountId, owner, now: ctx.now, durationSeconds: duration, session });
    return { Credentials: issued };
  };
}

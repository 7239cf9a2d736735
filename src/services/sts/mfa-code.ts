// SerialNumber + TokenCode on AssumeRole and GetSessionToken: the caller's own MFA device and its
// current code, or AWS's AccessDenied.
import type { Keyring } from '../../crypto/keyring.js';
import { AwsError } from '../../errors.js';
import type { Principal } from '../../identity/principal.js';
import type { StoreReader } from '../../storage/types.js';
import { checkMfaCode } from '../iam/mfa.js';

export const MFA_FAILED = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';

/** Whether the request authenticates with MFA (true), or carries no MFA (false); throws on a bad code. */
export async function verifyRequestMfa(
  reader: StoreReader,
  keyring: Keyring,
  principal: Principal,
  serialNumber: string | undefined,
  tokenCode: string | undefined,
  now: number,
): Promise<boolean> {
  if (serialNumber === undefined && tokenCode === undefined) return false;
  if (serialNumber === undefined || tokenCode === undefined) {
    throw new AwsError('Validation', 'SerialNumber and TokenCode must be provided together.');
  }
  // Only an IAM user's own device counts (a role session has no MFA device of its own).
  const userName = principal.type === 'IAMUser' ? principal.userName : undefined;
  if (userName === undefined || !(await checkMfaCode(reader, keyring, principal.accountId, userName, serialNumber, tokenCode, now))) {
    throw new AwsError('AccessDenied', MFA_FAILED);
  }
  return true;
}

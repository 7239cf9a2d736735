// What the caller's own temporary credentials carry (MFA time, tags, source identity), read from its
// access key record inside the request's transaction.
import { accessKeyStorageKey, type AccessKeyRecord, type SessionRecord } from '../../identity/access-keys.js';
import type { Principal } from '../../identity/principal.js';
import type { StoreReader } from '../../storage/types.js';

export async function callerSession(reader: StoreReader, principal: Principal): Promise<SessionRecord | undefined> {
  if (!principal.temporary) return undefined;
  const record = (await reader.get(accessKeyStorageKey(principal.accessKeyId)))?.value as unknown as AccessKeyRecord | undefined;
  return record?.session;
}

/** aws:MultiFactorAuthPresent and aws:MultiFactorAuthAge for a request, as AWS sets them. */
export function mfaContext(principal: Principal, session: SessionRecord | undefined, now: number, mfaNow: boolean) {
  if (mfaNow) return { 'aws:MultiFactorAuthPresent': true, 'aws:MultiFactorAuthAge': '0' };
  if (session?.mfaAuthenticatedAt !== undefined) {
    return { 'aws:MultiFactorAuthPresent': true, 'aws:MultiFactorAuthAge': String(Math.floor((now - session.mfaAuthenticatedAt) / 1000)) };
  }
  // Long-term credentials carry no MFA information at all: the key is absent, not false.
  return principal.temporary ? { 'aws:MultiFactorAuthPresent': false } : {};
}

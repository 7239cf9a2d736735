// Organizations' identifiers, in the shapes AWS gives them (and the model's patterns accept):
// o- and 10 characters, r- and 4, ou-<the root's 4>-<8>, p- and 8, car- and 32, 12-digit accounts.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomText(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 252 is the largest multiple of 36 below 256: bytes above it would bias the alphabet.
  for (let i = 0; out.length < length; i++) {
    const byte = i < bytes.length ? bytes[i] : randomBytes(1)[0];
    if (byte < 252) out += LOWER_ALNUM[byte % 36];
  }
  return out;
}

export const newOrganizationId = () => `o-${randomText(10)}`;
export const newRootId = () => `r-${randomText(4)}`;
/** An OU id carries its root's id: ou-<root suffix>-<8 characters>. */
export const newOrganizationalUnitId = (rootId: string) => `ou-${rootId.slice(2)}-${randomText(8)}`;
export const newPolicyId = () => `p-${randomText(8)}`;
export const newCreateAccountRequestId = () => `car-${randomUUID().replaceAll('-', '')}`;
/** A 12-digit account id; the caller makes sure no account has it yet. */
export const newAccountId = () => String(randomInt(100_000_000_000, 1_000_000_000_000));

export type TargetKind = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

export const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
export const ACCOUNT_ID = /^\d{12}$/;

/** What kind of entity an id names, from its shape. */
export function targetKind(id: string): TargetKind | undefined {
  if (ROOT_ID.test(id)) return 'ROOT';
  if (OU_ID.test(id)) return 'ORGANIZATIONAL_UNIT';
  if (ACCOUNT_ID.test(id)) return 'ACCOUNT';
  return undefined;
}

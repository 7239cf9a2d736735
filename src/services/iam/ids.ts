// IAM unique ids: a 4-letter prefix naming the kind and 17 base32 characters, as AWS shapes them
// (AIDA... users, AGPA... groups, AROA... roles, ANPA... managed policies).
import { randomBytes } from 'node:crypto';
import { base32Encode } from '../../identity/base32.js';

export type UniqueIdPrefix = 'AIDA' | 'AGPA' | 'AROA' | 'ANPA';

export function newUniqueId(prefix: UniqueIdPrefix): string {
  return prefix + base32Encode(randomBytes(11)).slice(0, 17);
}

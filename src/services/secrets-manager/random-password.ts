// GetRandomPassword: a password from crypto-random draws over the included character types, AWS's
// defaults (32 characters; upper and lower case letters, digits and the punctuation
// !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~; no space; at least one of each included type).
import { randomInt } from 'node:crypto';
import type { GetRandomPasswordRequest } from '../../generated/secrets-manager/types.js';
import { invalidParameter } from './errors.js';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
export const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

export function randomPassword(options: GetRandomPasswordRequest): string {
  const length = options.PasswordLength ?? 32;
  const excluded = new Set(options.ExcludeCharacters ?? '');
  const keep = (set: string) => [...set].filter((c) => !excluded.has(c)).join('');
  const types: string[] = [];
  if (!options.ExcludeLowercase) types.push(keep(LOWER));
  if (!options.ExcludeUppercase) types.push(keep(UPPER));
  if (!options.ExcludeNumbers) types.push(keep(DIGITS));
  if (!options.ExcludePunctuation) types.push(keep(PUNCTUATION));
  if (options.IncludeSpace) types.push(keep(' '));
  const usable = types.filter((t) => t.length > 0);
  const alphabet = usable.join('');
  if (alphabet.length === 0) throw invalidParameter('The password can contain no characters: every character type is excluded.');
  const requireEach = options.RequireEachIncludedType ?? true;
  if (requireEach && length < usable.length) throw invalidParameter('Password length is too short based on the required types.');
  const chars = Array.from({ length }, () => alphabet[randomInt(alphabet.length)]);
  if (requireEach) {
    // One character of each type, at distinct random positions.
    const positions = Array.from({ length }, (_, i) => i);
    for (let i = positions.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [positions[i], positions[j]] = [positions[j], positions[i]];
    }
    usable.forEach((type, i) => (chars[positions[i]] = type[randomInt(type.length)]));
  }
  return chars.join('');
}

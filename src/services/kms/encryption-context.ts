// Encryption context: the non-secret key-value pairs bound to a symmetric ciphertext as associated
// data, and the condition keys they give policies (kms:EncryptionContext:<key>, kms:EncryptionContextKeys).
import type { ContextValue } from '../../iam/types.js';

const EMPTY = Buffer.alloc(2);

/** A canonical byte form: pairs sorted by key (code point order), each length-prefixed. */
export function encodeEncryptionContext(context: Readonly<Record<string, string>> | undefined): Buffer {
  if (!context) return EMPTY;
  const keys = Object.keys(context);
  if (keys.length === 0) return EMPTY;
  keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: Buffer[] = [];
  const count = Buffer.alloc(2);
  count.writeUInt16BE(keys.length);
  parts.push(count);
  for (const key of keys) {
    for (const text of [key, context[key]]) {
      const bytes = Buffer.from(text, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      parts.push(length, bytes);
    }
  }
  return Buffer.concat(parts);
}

/** The request condition keys an encryption context supplies. */
export function encryptionContextConditions(context: Readonly<Record<string, string>> | undefined): Record<string, ContextValue | undefined> {
  const conditions: Record<string, ContextValue | undefined> = {};
  const keys = Object.keys(context ?? {});
  if (keys.length > 0) conditions['kms:EncryptionContextKeys'] = keys;
  for (const key of keys) conditions[`kms:EncryptionContext:${key}`] = context![key];
  return conditions;
}

export function sameContext(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  const ak = Object.keys(a ?? {});
  const bk = Object.keys(b ?? {});
  return ak.length === bk.length && ak.every((k) => b![k] === a![k]);
}

/** Every pair of `subset` is in `context`. */
export function includesContext(context: Readonly<Record<string, string>> | undefined, subset: Readonly<Record<string, string>>): boolean {
  return Object.entries(subset).every(([k, v]) => context !== undefined && Object.prototype.hasOwnProperty.call(context, k) && context[k] === v);
}

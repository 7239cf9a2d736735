// SigV4 signing keys: kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
// "aws4_request"). A key is valid for one secret, day, region and service, so it is derived once and
// cached; a verification then costs one HMAC of the string to sign.

import { createHmac, hash } from 'node:crypto';
import type { Credential } from './types.js';

const TERMINATOR = 'aws4_request';

export function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

export function deriveSigningKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac('AWS4' + secretAccessKey, date), region), service), TERMINATOR);
}

/**
 * A bounded LRU of derived signing keys. Entries are keyed by a SHA-256 fingerprint of the secret,
 * never the secret: the cache holds no plaintext. The fingerprint is memoized per credential object,
 * so a resolver that returns the same object costs no hashing at all.
 */
export class SigningKeyCache {
  private readonly keys = new Map<string, Buffer>();
  private readonly fingerprints = new WeakMap<Credential, string>();
  private derived = 0;

  constructor(private readonly maxEntries = 10_000) {
    if (!(maxEntries >= 1)) throw new RangeError('maxEntries must be at least 1');
  }

  /** How many keys were derived (cache misses) since creation. */
  get derivations(): number {
    return this.derived;
  }

  get size(): number {
    return this.keys.size;
  }

  get(credential: Credential, date: string, region: string, service: string): Buffer {
    let fingerprint = this.fingerprints.get(credential);
    if (fingerprint === undefined) {
      fingerprint = hash('sha256', credential.secretAccessKey, 'base64');
      this.fingerprints.set(credential, fingerprint);
    }
    const id = fingerprint + '\n' + date + '\n' + region + '\n' + service;
    let key = this.keys.get(id);
    if (key !== undefined) {
      // Re-insert: a Map iterates in insertion order, so the first entry is the least recently used.
      this.keys.delete(id);
      this.keys.set(id, key);
      return key;
    }
    key = deriveSigningKey(credential.secretAccessKey, date, region, service);
    this.derived++;
    this.keys.set(id, key);
    if (this.keys.size > this.maxEntries) this.keys.delete(this.keys.keys().next().value as string);
    return key;
  }

  clear(): void {
    this.keys.clear();
  }
}

/** The cache used when VerifyOptions.signingKeys is not given. */
export const sharedSigningKeys = new SigningKeyCache();

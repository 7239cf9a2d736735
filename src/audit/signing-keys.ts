// The RSA key pairs that sign digest files. CloudTrail signs with one key pair per region; Rampart keeps
// one per account and region, so tenants never share a key:
//
//   cloudtrail/signing-key/<account>/<region>/<sequence>
//
// A key signs for KEY_VALIDITY_MS and is then replaced by a new one. The public halves stay, with their
// validity ranges, for ListPublicKeys (validators need the key of every digest they check); the private
// half is stored sealed by the keyring, bound to its record, and erased a day after the key retires.
import { generateKeyPair, createPrivateKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Keyring } from '../crypto/keyring.js';
import type { JsonValue, Store, StoreReader } from '../storage/types.js';
import { publicKeyFingerprint } from './digest.js';

const DAY_MS = 86_400_000;
export const KEY_VALIDITY_MS = 30 * DAY_MS;
const RETIRED_PRIVATE_KEY_KEPT_MS = DAY_MS;

const generate = promisify(generateKeyPair);

export interface SigningKeyRecord {
  sequence: number;
  fingerprint: string;
  /** Base64 of the RSA public key, PKCS #1 DER. */
  publicKey: string;
  validityStart: number;
  validityEnd: number;
  /** The PKCS #8 DER private key, sealed; absent once the key has retired for a day. */
  sealedPrivateKey?: string;
}

const folder = (accountId: string, region: string) => `cloudtrail/signing-key/${accountId}/${region}/`;
const recordKey = (accountId: string, region: string, sequence: number) => `${folder(accountId, region)}${String(sequence).padStart(8, '0')}`;

export async function newestSigningKey(reader: StoreReader, accountId: string, region: string): Promise<SigningKeyRecord | undefined> {
  const [newest] = await reader.list({ prefix: folder(accountId, region), reverse: true, limit: 1 });
  return newest?.value as unknown as SigningKeyRecord | undefined;
}

/** Keys whose validity overlaps [start, end], oldest first. */
export async function signingKeysInRange(reader: StoreReader, accountId: string, region: string, start: number, end: number): Promise<SigningKeyRecord[]> {
  const records = await reader.list({ prefix: folder(accountId, region) });
  return records.map((r) => r.value as unknown as SigningKeyRecord).filter((k) => k.validityStart <= end && k.validityEnd >= start);
}

/**
 * The key that signs at `now`: the newest one while it is valid, otherwise a new one (generated
 * outside any transaction; when several processes race, the first to commit wins and the others use it).
 */
export async function currentSigningKey(store: Store, keyring: Keyring, accountId: string, region: string, now: number): Promise<SigningKeyRecord> {
  const newest = await newestSigningKey(store, accountId, region);
  if (newest && newest.validityStart <= now && now < newest.validityEnd && newest.sealedPrivateKey) return newest;

  const { publicKey, privateKey } = await generate('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  const publicDer = publicKey.export({ format: 'der', type: 'pkcs1' });
  const privateDer = privateKey.export({ format: 'der', type: 'pkcs8' });
  return store.transaction(async (tx) => {
    const current = await newestSigningKey(tx, accountId, region);
    if (current && current.validityStart <= now && now < current.validityEnd && current.sealedPrivateKey) return current;
    const sequence = (current?.sequence ?? 0) + 1;
    const record: SigningKeyRecord = {
      sequence,
      fingerprint: publicKeyFingerprint(publicDer),
      publicKey: publicDer.toString('base64'),
      // Whole seconds, as the digest times it signs for.
      validityStart: Math.floor(now / 1000) * 1000,
      validityEnd: Math.floor(now / 1000) * 1000 + KEY_VALIDITY_MS,
      sealedPrivateKey: keyring.seal(privateDer, recordKey(accountId, region, sequence)),
    };
    tx.put(recordKey(accountId, region, sequence), record as unknown as JsonValue);
    // The key it replaces stops signing now; retired keys lose their private half after a day.
    for (const entry of await tx.list({ prefix: folder(accountId, region) })) {
      const old = entry.value as unknown as SigningKeyRecord;
      if (old.sequence === sequence) continue;
      const retired: SigningKeyRecord = { ...old, validityEnd: Math.min(old.validityEnd, now) };
      if (retired.validityEnd < now - RETIRED_PRIVATE_KEY_KEPT_MS) delete retired.sealedPrivateKey;
      if (retired.validityEnd !== old.validityEnd || retired.sealedPrivateKey !== old.sealedPrivateKey) {
        tx.put(entry.key, retired as unknown as JsonValue);
      }
    }
    return record;
  });
}

/** Opens a key's private half (in memory only, for one signature). */
export function openPrivateKey(keyring: Keyring, accountId: string, region: string, record: SigningKeyRecord): KeyObject {
  if (!record.sealedPrivateKey) throw new Error(`signing key ${record.sequence} of ${accountId}/${region} has no private key any more`);
  const der = keyring.open(record.sealedPrivateKey, recordKey(accountId, region, record.sequence));
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

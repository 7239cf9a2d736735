// The keyring: numbered AES-256 data keys, stored wrapped by the root key, that seal every secret
// Rampart keeps (KMS key material, secret values, SecureString parameters, secret access keys).
// A sealed value names the data-key version that sealed it and is bound by associated data to the
// record it belongs to, so a ciphertext copied into another record does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { JsonValue, Store } from '../storage/types.js';
import { RootKeyError, type KdfParams, type RootKeyProvider } from './root-key.js';

export const KEYRING_KEY = 'sys/keyring';

const SEALED_PREFIX = 's1:';
const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 5; // format version (1) + data-key version (4)

interface StoredKeyring {
  format: 1;
  rootKeyKind: RootKeyProvider['kind'];
  kdf: KdfParams | null;
  active: number;
  keys: { version: number; wrapped: string; createdAt: string }[];
}

/** A sealed value did not open: tampered, moved to another record, or sealed under another keyring. */
export class SealedValueError extends Error {
  constructor() {
    super('a sealed value could not be opened (tampered with, or bound to another record)');
    this.name = 'SealedValueError';
  }
}

function gcmEncrypt(key: Buffer, plaintext: Uint8Array, aad: Buffer): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

function gcmDecrypt(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

const wrapAad = (version: number) => Buffer.from(`rampart/keyring/data-key/${version}`);

function wrap(rootKey: Buffer, version: number, dataKey: Buffer): string {
  const { iv, ciphertext, tag } = gcmEncrypt(rootKey, dataKey, wrapAad(version));
  return Buffer.concat([iv, ciphertext, tag]).toString('base64');
}

function unwrap(rootKey: Buffer, version: number, wrapped: string): Buffer {
  const bytes = Buffer.from(wrapped, 'base64');
  return gcmDecrypt(
    rootKey,
    bytes.subarray(0, IV_BYTES),
    bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES),
    bytes.subarray(bytes.length - TAG_BYTES),
    wrapAad(version),
  );
}

export class Keyring {
  private constructor(
    private readonly dataKeys: Map<number, Buffer>,
    private readonly activeVersion: number,
  ) {}

  /**
   * Opens the store's keyring with the root key, creating both on first start. A root key that does
   * not open an existing keyring fails with RootKeyError and writes nothing.
   */
  static async open(store: Store, provider: RootKeyProvider, now: () => number = Date.now): Promise<Keyring> {
    const existing = await store.get(KEYRING_KEY);
    if (existing) return Keyring.unlockExisting(existing.value as unknown as StoredKeyring, provider);

    const { key: rootKey, kdf } = await provider.unlock(undefined, true);
    const dataKey = randomBytes(32);
    const fresh: StoredKeyring = {
      format: 1,
      rootKeyKind: provider.kind,
      kdf: kdf ?? null,
      active: 1,
      keys: [{ version: 1, wrapped: wrap(rootKey, 1, dataKey), createdAt: new Date(now()).toISOString() }],
    };
    const stored = await store.transaction(async (tx) => {
      const current = await tx.get(KEYRING_KEY);
      if (current) return current.value as unknown as StoredKeyring;
      tx.put(KEYRING_KEY, fresh as unknown as JsonValue);
      return fresh;
    });
    // Another process may have created the keyring first; then its keys are the ones to use.
    if (stored !== fresh) return Keyring.unlockExisting(stored, provider);
    return new Keyring(new Map([[1, dataKey]]), 1);
  }

  private static async unlockExisting(stored: StoredKeyring, provider: RootKeyProvider): Promise<Keyring> {
    if (stored.format !== FORMAT_VERSION) {
      throw new RootKeyError(`this data store's keyring has format ${stored.format}, which this Rampart does not know; upgrade Rampart`);
    }
    const { key: rootKey } = await provider.unlock(stored.kdf ?? undefined, false);
    const dataKeys = new Map<number, Buffer>();
    for (const entry of stored.keys) {
      try {
        dataKeys.set(entry.version, unwrap(rootKey, entry.version, entry.wrapped));
      } catch {
        throw new RootKeyError(
          `the root key from ${provider.description} does not open this data store's keyring ` +
            `(it was sealed with a root key from ${stored.rootKeyKind === provider.kind ? 'another ' + provider.kind : stored.rootKeyKind} source). ` +
            'Nothing was changed. Start Rampart with the root key the store was created with.',
        );
      }
    }
    return new Keyring(dataKeys, stored.active);
  }

  /** Encrypts `plaintext` for the record named by `aad` (e.g. `kms/key/<arn>/material/1`). */
  seal(plaintext: Uint8Array, aad: string): string {
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt8(FORMAT_VERSION, 0);
    header.writeUInt32BE(this.activeVersion, 1);
    const key = this.dataKeys.get(this.activeVersion)!;
    const { iv, ciphertext, tag } = gcmEncrypt(key, plaintext, Buffer.concat([header, Buffer.from(aad)]));
    return SEALED_PREFIX + Buffer.concat([header, iv, ciphertext, tag]).toString('base64');
  }

  /** Decrypts a value sealed for the record named by `aad`; throws SealedValueError otherwise. */
  open(sealed: string, aad: string): Buffer {
    if (!sealed.startsWith(SEALED_PREFIX)) throw new SealedValueError();
    const bytes = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
    if (bytes.length < HEADER_BYTES + IV_BYTES + TAG_BYTES || bytes.readUInt8(0) !== FORMAT_VERSION) {
      throw new SealedValueError();
    }
    const header = bytes.subarray(0, HEADER_BYTES);
    const key = this.dataKeys.get(header.readUInt32BE(1));
    if (!key) throw new SealedValueError();
    try {
      return gcmDecrypt(
        key,
        bytes.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES),
        bytes.subarray(HEADER_BYTES + IV_BYTES, bytes.length - TAG_BYTES),
        bytes.subarray(bytes.length - TAG_BYTES),
        Buffer.concat([header, Buffer.from(aad)]),
      );
    } catch {
      throw new SealedValueError();
    }
  }

  /** Seals a UTF-8 string. */
  sealString(plaintext: string, aad: string): string {
    return this.seal(Buffer.from(plaintext, 'utf8'), aad);
  }

  openString(sealed: string, aad: string): string {
    return this.open(sealed, aad).toString('utf8');
  }
}

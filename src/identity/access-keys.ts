// Access keys: the credentials SigV4 requests are signed with. The secret access key (and a session
// token) is stored sealed by the keyring, bound to its access key id; it is opened in memory only to
// verify signatures. The record is read on every request, so a deleted or deactivated key stops
// working on every worker at once; only the opened secret is cached, keyed by the record's version.
import { randomBytes } from 'node:crypto';
import type { Keyring } from '../crypto/keyring.js';
import type { JsonValue, StoreReader, Transaction } from '../storage/types.js';

export type AccessKeyOwner =
  | { type: 'Root' }
  | { type: 'IAMUser'; userName: string; userId: string; path: string }
  | { type: 'AssumedRole'; roleName: string; roleId: string; sessionName: string; path: string };

export interface AccessKeyRecord {
  accessKeyId: string;
  accountId: string;
  owner: AccessKeyOwner;
  status: 'Active' | 'Inactive';
  /** Sealed secret access key. */
  secret: string;
  /** Sealed session token (temporary credentials only). */
  sessionToken?: string;
  /** Expiry of temporary credentials, ms since the epoch. */
  expiresAt?: number;
  createdAt: string;
}

/**
 * An access key with its secret opened. The same object is returned for as long as the stored record
 * is unchanged, so what is derived from it (SigV4 signing keys) can be cached against it.
 */
export interface OpenedAccessKey {
  readonly record: AccessKeyRecord;
  readonly secretAccessKey: string;
  readonly sessionToken: string | undefined;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An access key id as AWS shapes them: a 4-letter prefix and 16 base32 characters. */
export function newAccessKeyId(prefix: 'AKIA' | 'ASIA'): string {
  const bytes = randomBytes(16);
  let id = prefix;
  for (const byte of bytes) id += BASE32[byte & 31];
  return id;
}

/** A 40-character secret access key, as AWS issues them. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

export const accessKeyStorageKey = (accessKeyId: string) => `cred/${accessKeyId}`;
const secretAad = (accessKeyId: string) => `cred/${accessKeyId}/secret`;
const tokenAad = (accessKeyId: string) => `cred/${accessKeyId}/session-token`;

export interface NewAccessKey {
  accountId: string;
  owner: AccessKeyOwner;
  prefix?: 'AKIA' | 'ASIA';
  sessionToken?: string;
  expiresAt?: number;
  now: number;
}

export class AccessKeys {
  private readonly opened = new Map<string, { version: number; key: OpenedAccessKey }>();
  private static readonly MAX_CACHED = 10_000;

  constructor(private readonly keyring: Keyring) {}

  /** Creates an access key inside `tx`; returns the id and the secret (shown once, never stored in clear). */
  create(tx: Transaction, options: NewAccessKey): { accessKeyId: string; secretAccessKey: string; record: AccessKeyRecord } {
    const accessKeyId = newAccessKeyId(options.prefix ?? 'AKIA');
    const secretAccessKey = newSecretAccessKey();
    const record: AccessKeyRecord = {
      accessKeyId,
      accountId: options.accountId,
      owner: options.owner,
      status: 'Active',
      secret: this.keyring.sealString(secretAccessKey, secretAad(accessKeyId)),
      createdAt: new Date(options.now).toISOString(),
    };
    if (options.sessionToken !== undefined) {
      record.sessionToken = this.keyring.sealString(options.sessionToken, tokenAad(accessKeyId));
    }
    if (options.expiresAt !== undefined) record.expiresAt = options.expiresAt;
    tx.put(accessKeyStorageKey(accessKeyId), record as unknown as JsonValue);
    return { accessKeyId, secretAccessKey, record };
  }

  /** The access key and its opened secret, or undefined when unknown or inactive. */
  async open(reader: StoreReader, accessKeyId: string): Promise<OpenedAccessKey | undefined> {
    const stored = await reader.get(accessKeyStorageKey(accessKeyId));
    if (!stored) return undefined;
    const record = stored.value as unknown as AccessKeyRecord;
    if (record.status !== 'Active') return undefined;
    const cached = this.opened.get(accessKeyId);
    if (cached && cached.version === stored.version) return cached.key;
    const key: OpenedAccessKey = {
      record,
      secretAccessKey: this.keyring.openString(record.secret, secretAad(accessKeyId)),
      sessionToken: record.sessionToken === undefined ? undefined : this.keyring.openString(record.sessionToken, tokenAad(accessKeyId)),
    };
    if (this.opened.size >= AccessKeys.MAX_CACHED) this.opened.delete(this.opened.keys().next().value!);
    this.opened.set(accessKeyId, { version: stored.version, key });
    return key;
  }

  /** Forgets every opened secret (development-mode reset). */
  forgetAll(): void {
    this.opened.clear();
  }
}

// Access keys: the credentials SigV4 requests are signed with. The secret access key (and a session
// token) is stored sealed by the keyring, bound to its access key id; it is opened in memory only to
// verify signatures. The record is read on every request, so a deleted or deactivated key stops
// working on every worker at once; only the opened secret is cached, keyed by the record's version.
import { randomBytes } from 'node:crypto';
import type { Keyring } from '../crypto/keyring.js';
import type { JsonValue, StoreReader, Transaction } from '../storage/types.js';
import { base32Decode, base32Encode } from './base32.js';

export type AccessKeyOwner =
  | { type: 'Root' }
  | { type: 'IAMUser'; userName: string; userId: string; path: string }
  | { type: 'AssumedRole'; roleName: string; roleId: string; sessionName: string; path: string };

/**
 * What STS fixed when it issued temporary credentials (AssumeRole, GetSessionToken). It never changes
 * for the life of the credentials, so it is kept on the access key record and read with it.
 */
export interface SessionRecord {
  /** When the credentials were issued, ms since the epoch (aws:TokenIssueTime). */
  issuedAt: number;
  /** When the caller authenticated with an MFA code, ms since the epoch (aws:MultiFactorAuthPresent/Age). */
  mfaAuthenticatedAt?: number;
  /** sts:SourceIdentity, set once and carried through role chaining. */
  sourceIdentity?: string;
  /** The inline session policy (JSON text) passed as `Policy`. */
  policy?: string;
  /** Managed session policies passed as `PolicyArns`. */
  policyArns?: string[];
  /** Session tags (aws:PrincipalTag), including those carried over from a chaining session. */
  tags?: Record<string, string>;
  /** Keys of `tags` that pass on to sessions this one assumes (lower case). */
  transitiveTagKeys?: string[];
  /** Role sessions: the role's ARN (with its path). */
  roleArn?: string;
  /** The credentials came from a role session assuming a role (role chaining: at most one hour). */
  chained?: boolean;
}

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
  /** Temporary credentials: what their session was issued with. */
  session?: SessionRecord;
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

/**
 * An access key id as AWS shapes them: a 4-letter prefix and 16 base32 characters (80 bits). Like
 * AWS's, the 40 bits after the first carry the owning account, so sts:GetAccessKeyInfo can name the
 * account of any key id, even of a deleted key; the other bits are random.
 */
export function newAccessKeyId(prefix: 'AKIA' | 'ASIA', accountId?: string): string {
  const bytes = randomBytes(10);
  if (accountId !== undefined && /^\d{12}$/.test(accountId)) {
    const top = BigInt(bytes.readUIntBE(0, 6));
    const withAccount = (top & 0x80000000007fn) | (BigInt(accountId) << 7n);
    bytes.writeUIntBE(Number(withAccount), 0, 6);
  }
  return prefix + base32Encode(bytes);
}

/** The account an access key id names (see newAccessKeyId), or undefined when it has no such shape. */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  if (!/^[A-Z]{4}[A-Z2-7]{16}$/.test(accessKeyId)) return undefined;
  const bytes = base32Decode(accessKeyId.slice(4));
  if (!bytes || bytes.length < 6) return undefined;
  const account = (BigInt(bytes.readUIntBE(0, 6)) & 0x7fffffffff80n) >> 7n;
  return account.toString().padStart(12, '0');
}

/** A 40-character secret access key, as AWS issues them. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

export const accessKeyStorageKey = (accessKeyId: string) => `cred/${accessKeyId}`;
/** What a deleted access key leaves behind, so its id is never again taken for one Rampart does not know. */
export const revokedAccessKeyStorageKey = (accessKeyId: string) => `cred-revoked/${accessKeyId}`;
const secretAad = (accessKeyId: string) => `cred/${accessKeyId}/secret`;
const tokenAad = (accessKeyId: string) => `cred/${accessKeyId}/session-token`;

export interface NewAccessKey {
  accountId: string;
  owner: AccessKeyOwner;
  prefix?: 'AKIA' | 'ASIA';
  sessionToken?: string;
  expiresAt?: number;
  session?: SessionRecord;
  now: number;
}

export class AccessKeys {
  private readonly opened = new Map<string, { version: number; key: OpenedAccessKey }>();
  private static readonly MAX_CACHED = 10_000;

  constructor(private readonly keyring: Keyring) {}

  /** Creates an access key inside `tx`; returns the id and the secret (shown once, never stored in clear). */
  create(tx: Transaction, options: NewAccessKey): { accessKeyId: string; secretAccessKey: string; record: AccessKeyRecord } {
    const accessKeyId = newAccessKeyId(options.prefix ?? 'AKIA', options.accountId);
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
    if (options.session !== undefined) record.session = options.session;
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

  /** Deletes an access key inside `tx`, leaving a tombstone (see isRevoked). */
  delete(tx: Transaction, accessKeyId: string, now: number): void {
    tx.delete(accessKeyStorageKey(accessKeyId));
    tx.put(revokedAccessKeyStorageKey(accessKeyId), { revokedAt: new Date(now).toISOString() });
  }

  /**
   * Whether this id names an access key Rampart issued that no longer works (deactivated, or deleted).
   * Development mode must refuse such a key rather than treat it as an unknown one (which acts as a root user).
   */
  async isRevoked(reader: StoreReader, accessKeyId: string): Promise<boolean> {
    const stored = await reader.get(accessKeyStorageKey(accessKeyId));
    if (stored) return (stored.value as unknown as AccessKeyRecord).status !== 'Active';
    return (await reader.get(revokedAccessKeyStorageKey(accessKeyId))) !== undefined;
  }

  /** Forgets every opened secret (development-mode reset). */
  forgetAll(): void {
    this.opened.clear();
  }
}

// Grants: the stored grant, its token, and whether a grant allows a principal an operation. A grant
// allows its grantee (the exact principal ARN; for a role session, also the role's ARN) the grant
// operations it lists, and for operations with an encryption context only when the request's context
// meets its constraint (EncryptionContextEquals: exactly; EncryptionContextSubset: includes it). A
// grant's constraint does not apply to DescribeKey, GetPublicKey and RetireGrant; for CreateGrant the
// new grant must be at least as strict.
import { randomBytes } from 'node:crypto';
import type { Keyring } from '../../crypto/keyring.js';
import { AwsError } from '../../errors.js';
import type { GrantConstraints, GrantListEntry, GrantOperation } from '../../generated/kms/types.js';
import type { Principal } from '../../identity/principal.js';
import type { JsonValue, StoreReader } from '../../storage/types.js';
import { includesContext, sameContext } from './encryption-context.js';
import { keyGrantsPrefix, placeOf, type KeyRecord } from './key-record.js';

export interface GrantRecord {
  grantId: string;
  keyId: string;
  keyArn: string;
  name?: string;
  createdAt: number;
  granteePrincipal: string;
  retiringPrincipal?: string;
  /** arn:<partition>:iam::<account>:root of the account that created the grant. */
  issuingAccount: string;
  operations: GrantOperation[];
  constraints?: GrantConstraints;
  /** Created by an AWS service on a user's behalf (kms:GrantIsForAWSResource). */
  forAwsResource: boolean;
}

export const MAX_GRANTS_PER_KEY = 50_000;

export const newGrantId = (): string => randomBytes(32).toString('hex');

/** Operations whose requests carry an encryption context, to which grant constraints apply. */
const CONTEXT_OPERATIONS = new Set<GrantOperation>([
  'Encrypt',
  'Decrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'ReEncryptFrom',
  'ReEncryptTo',
]);

/** The principal names a grant may name for this caller. */
export function granteeNames(principal: Principal): string[] {
  if (principal.type === 'AssumedRole') {
    const roleName = principal.arn.split(':')[5].split('/')[1];
    return [principal.arn, `arn:${principal.partition}:iam::${principal.accountId}:role/${roleName}`];
  }
  return [principal.arn];
}

/** A constraint at least as strict as `parent` (for grants created through a grant). */
function atLeastAsStrict(child: GrantConstraints | undefined, parent: GrantConstraints | undefined): boolean {
  if (!parent || (!parent.EncryptionContextEquals && !parent.EncryptionContextSubset)) return true;
  if (parent.EncryptionContextEquals) return child?.EncryptionContextEquals !== undefined && sameContext(child.EncryptionContextEquals, parent.EncryptionContextEquals);
  const subset = parent.EncryptionContextSubset!;
  if (child?.EncryptionContextEquals) return includesContext(child.EncryptionContextEquals, subset);
  if (child?.EncryptionContextSubset) return includesContext(child.EncryptionContextSubset, subset);
  return false;
}

export interface GrantQuestion {
  operation: GrantOperation;
  /** The request's encryption context (for ReEncrypt: the source or destination one). */
  encryptionContext?: Readonly<Record<string, string>>;
  /** CreateGrant: the grant being created. */
  newGrant?: { operations: readonly GrantOperation[]; constraints?: GrantConstraints };
}

export function grantAllows(grant: GrantRecord, names: readonly string[], question: GrantQuestion): boolean {
  if (!names.includes(grant.granteePrincipal)) return false;
  if (!grant.operations.includes(question.operation)) return false;
  if (question.operation === 'CreateGrant' && question.newGrant) {
    if (!question.newGrant.operations.every((op) => grant.operations.includes(op))) return false;
    return atLeastAsStrict(question.newGrant.constraints, grant.constraints);
  }
  const constraints = grant.constraints;
  if (!constraints || !CONTEXT_OPERATIONS.has(question.operation)) return true;
  if (constraints.EncryptionContextEquals) return sameContext(question.encryptionContext, constraints.EncryptionContextEquals);
  if (constraints.EncryptionContextSubset) return includesContext(question.encryptionContext, constraints.EncryptionContextSubset);
  return true;
}

/** The grants on `key` that name one of `names` as grantee (read only when the key has such grants). */
export async function grantsFor(reader: StoreReader, key: KeyRecord, names: readonly string[]): Promise<GrantRecord[]> {
  if (!names.some((name) => (key.grantees[name] ?? 0) > 0)) return [];
  const stored = await reader.list<JsonValue>({ prefix: keyGrantsPrefix(placeOf(key), key.keyId) });
  return stored.map((s) => s.value as unknown as GrantRecord).filter((g) => names.includes(g.granteePrincipal));
}

/** Whether any grant on `key` allows `principal` this operation. */
export async function grantAllowsPrincipal(reader: StoreReader, key: KeyRecord, principal: Principal, question: GrantQuestion): Promise<boolean> {
  const names = granteeNames(principal);
  const grants = await grantsFor(reader, key, names);
  return grants.some((grant) => grantAllows(grant, names, question));
}

// ---- grant tokens --------------------------------------------------------------------------------
// A token names its grant and is sealed by the keyring, so it cannot be forged or altered. Every
// CreateGrant returns a new token (the seal is randomised), all of them valid for the same grant.

const TOKEN_AAD = 'kms/grant-token';
const SEALED_PREFIX = 's1:';

export function grantToken(keyring: Keyring, grant: Pick<GrantRecord, 'grantId' | 'keyArn'>): string {
  return Buffer.from(keyring.sealString(JSON.stringify({ g: grant.grantId, k: grant.keyArn }), TOKEN_AAD).slice(SEALED_PREFIX.length), 'base64').toString('base64url');
}

export function readGrantToken(keyring: Keyring, token: string): { grantId: string; keyArn: string } {
  try {
    const sealed = SEALED_PREFIX + Buffer.from(token, 'base64url').toString('base64');
    const value = JSON.parse(keyring.openString(sealed, TOKEN_AAD)) as { g: string; k: string };
    return { grantId: value.g, keyArn: value.k };
  } catch {
    throw new AwsError('InvalidGrantTokenException', 'Invalid grant token.');
  }
}

/** GrantTokens in a request: each must be a token this KMS issued (grants take effect at once here). */
export function validateGrantTokens(keyring: Keyring, tokens: readonly string[] | undefined): void {
  for (const token of tokens ?? []) readGrantToken(keyring, token);
}

export function grantListEntry(grant: GrantRecord): GrantListEntry {
  const entry: GrantListEntry = {
    KeyId: grant.keyArn,
    GrantId: grant.grantId,
    CreationDate: new Date(grant.createdAt),
    GranteePrincipal: grant.granteePrincipal,
    IssuingAccount: grant.issuingAccount,
    Operations: grant.operations,
  };
  if (grant.name !== undefined) entry.Name = grant.name;
  if (grant.retiringPrincipal !== undefined) entry.RetiringPrincipal = grant.retiringPrincipal;
  if (grant.constraints) entry.Constraints = grant.constraints;
  return entry;
}

// CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant. The key record counts
// grants per grantee so authorization reads grants only for callers that have some.
import { AwsError } from '../../errors.js';
import type {
  CreateGrantRequest,
  CreateGrantResponse,
  GrantConstraints,
  GrantOperation,
  ListGrantsRequest,
  ListGrantsResponse,
  ListRetirableGrantsRequest,
  RetireGrantRequest,
  RevokeGrantRequest,
} from '../../generated/kms/types.js';
import type { JsonValue, Transaction } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { isPrincipalArn, isServicePrincipal } from './arns.js';
import { findGrant } from './authorization.js';
import { callerPlace, checkedKey } from './conditions.js';
import { dryRunRefusal } from './crypto-common.js';
import type { KmsDeps } from './deps.js';
import { sameContext } from './encryption-context.js';
import { grantListEntry, grantToken, MAX_GRANTS_PER_KEY, newGrantId, type GrantRecord } from './grants.js';
import { grantsPrefix, grantStorageKey, keyGrantsPrefix, placeOf, saveKey, type KeyRecord, type LoadedKey } from './key-record.js';
import { assertKeyState } from './key-states.js';
import { KEY_SPECS } from './key-specs.js';
import { decodeMarker, encodeMarker, pageLimit } from './pagination.js';

const COMMON_OPERATIONS: GrantOperation[] = ['CreateGrant', 'RetireGrant', 'DescribeKey'];

/** The grant operations a key supports, by its spec and usage (KMS Developer Guide, "Grant operations"). */
export function grantOperationsFor(key: KeyRecord): GrantOperation[] {
  const family = KEY_SPECS[key.keySpec].family;
  switch (key.keyUsage) {
    case 'ENCRYPT_DECRYPT':
      return family === 'symmetric'
        ? [...COMMON_OPERATIONS, 'Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext']
        : [...COMMON_OPERATIONS, 'Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GetPublicKey'];
    case 'SIGN_VERIFY':
      return [...COMMON_OPERATIONS, 'Sign', 'Verify', 'GetPublicKey'];
    case 'GENERATE_VERIFY_MAC':
      return [...COMMON_OPERATIONS, 'GenerateMac', 'VerifyMac'];
    case 'KEY_AGREEMENT':
      return [...COMMON_OPERATIONS, 'DeriveSharedSecret', 'GetPublicKey'];
  }
}

const MAX_CONSTRAINT_PAIRS = 8;
const MAX_CONSTRAINT_VALUE = 384;

function validateConstraints(key: KeyRecord, constraints: GrantConstraints | undefined): void {
  if (!constraints) return;
  const { EncryptionContextEquals: equals, EncryptionContextSubset: subset } = constraints;
  if (equals === undefined && subset === undefined) return;
  if (equals !== undefined && subset !== undefined) {
    throw new AwsError('ValidationException', 'A grant can have an EncryptionContextEquals or an EncryptionContextSubset constraint, not both.');
  }
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') {
    throw new AwsError('ValidationException', `Encryption context grant constraints are valid only for symmetric encryption KMS keys, not for key spec ${key.keySpec}.`);
  }
  const pairs = Object.entries(equals ?? subset!);
  if (pairs.length > MAX_CONSTRAINT_PAIRS) throw new AwsError('ValidationException', `A grant constraint can have at most ${MAX_CONSTRAINT_PAIRS} encryption context pairs.`);
  if (pairs.some(([, value]) => value.length > MAX_CONSTRAINT_VALUE)) {
    throw new AwsError('ValidationException', `An encryption context value in a grant constraint can have at most ${MAX_CONSTRAINT_VALUE} characters.`);
  }
}

const validPrincipal = (value: string) => isPrincipalArn(value) || isServicePrincipal(value);

const sameOperations = (a: readonly GrantOperation[], b: readonly GrantOperation[]) => a.length === b.length && a.every((op) => b.includes(op));

function sameConstraints(a: GrantConstraints | undefined, b: GrantConstraints | undefined): boolean {
  return sameContext(a?.EncryptionContextEquals, b?.EncryptionContextEquals) &&
    (a?.EncryptionContextEquals === undefined) === (b?.EncryptionContextEquals === undefined) &&
    sameContext(a?.EncryptionContextSubset, b?.EncryptionContextSubset) &&
    (a?.EncryptionContextSubset === undefined) === (b?.EncryptionContextSubset === undefined);
}

export async function CreateGrant(input: CreateGrantRequest, ctx: HandlerContext, deps: KmsDeps): Promise<CreateGrantResponse> {
  const loaded = checkedKey(ctx);
  const key = loaded.record;
  assertKeyState(key, 'usable');
  if (!validPrincipal(input.GranteePrincipal)) throw new AwsError('InvalidArnException', `GranteePrincipal ${input.GranteePrincipal} is not a valid principal ARN.`);
  if (input.RetiringPrincipal !== undefined && !validPrincipal(input.RetiringPrincipal)) {
    throw new AwsError('InvalidArnException', `RetiringPrincipal ${input.RetiringPrincipal} is not a valid principal ARN.`);
  }
  if (input.Operations.length === 0) throw new AwsError('ValidationException', 'A grant must allow at least one operation.');
  const supported = grantOperationsFor(key);
  for (const operation of input.Operations) {
    if (!supported.includes(operation)) {
      throw new AwsError('ValidationException', `Grant operation ${operation} is not valid for a KMS key with key spec ${key.keySpec} and key usage ${key.keyUsage}.`);
    }
  }
  validateConstraints(key, input.Constraints);
  const place = placeOf(key);

  if (input.Name !== undefined) {
    // Retrying with the same name and parameters returns the grant made the first time.
    const existing = (await ctx.tx.list<JsonValue>({ prefix: keyGrantsPrefix(place, key.keyId) }))
      .map((s) => s.value as unknown as GrantRecord)
      .find(
        (g) =>
          g.name === input.Name &&
          g.granteePrincipal === input.GranteePrincipal &&
          g.retiringPrincipal === input.RetiringPrincipal &&
          sameOperations(g.operations, input.Operations) &&
          sameConstraints(g.constraints, input.Constraints),
      );
    if (existing) {
      if (input.DryRun) throw dryRunRefusal();
      return { GrantId: existing.grantId, GrantToken: grantToken(deps.keyring, existing) };
    }
  }
  if (key.grantCount >= MAX_GRANTS_PER_KEY) throw new AwsError('LimitExceededException', `${key.arn} already has ${MAX_GRANTS_PER_KEY} grants, the most a KMS key allows.`);
  if (input.DryRun) throw dryRunRefusal();

  const grant: GrantRecord = {
    grantId: newGrantId(),
    keyId: key.keyId,
    keyArn: key.arn,
    createdAt: ctx.now,
    granteePrincipal: input.GranteePrincipal,
    issuingAccount: `arn:${ctx.partition}:iam::${ctx.accountId}:root`,
    operations: [...new Set(input.Operations)],
    forAwsResource: false,
  };
  if (input.Name !== undefined) grant.name = input.Name;
  if (input.RetiringPrincipal !== undefined) grant.retiringPrincipal = input.RetiringPrincipal;
  if (input.Constraints && (input.Constraints.EncryptionContextEquals || input.Constraints.EncryptionContextSubset)) grant.constraints = input.Constraints;
  ctx.tx.put(grantStorageKey(place, key.keyId, grant.grantId), grant as unknown as JsonValue);
  key.grantees = { ...key.grantees, [grant.granteePrincipal]: (key.grantees[grant.granteePrincipal] ?? 0) + 1 };
  key.grantCount += 1;
  saveKey(ctx.tx, loaded);
  return { GrantId: grant.grantId, GrantToken: grantToken(deps.keyring, grant) };
}

function deleteGrant(tx: Transaction, loaded: LoadedKey, grant: GrantRecord): void {
  const key = loaded.record;
  tx.delete(grantStorageKey(placeOf(key), key.keyId, grant.grantId));
  const remaining = (key.grantees[grant.granteePrincipal] ?? 1) - 1;
  const grantees = { ...key.grantees };
  if (remaining > 0) grantees[grant.granteePrincipal] = remaining;
  else delete grantees[grant.granteePrincipal];
  key.grantees = grantees;
  key.grantCount = Math.max(0, key.grantCount - 1);
  saveKey(tx, loaded);
}

const GRANT_ID = /^[0-9a-f]{64}$/;

export async function ListGrants(input: ListGrantsRequest, ctx: HandlerContext): Promise<ListGrantsResponse> {
  const key = checkedKey(ctx).record;
  const limit = pageLimit(input.Limit, 50, 100);
  if (input.GrantId !== undefined && !GRANT_ID.test(input.GrantId)) throw new AwsError('InvalidGrantIdException', `Invalid grant ID: ${input.GrantId}`);
  const prefix = keyGrantsPrefix(placeOf(key), key.keyId);
  const after = decodeMarker(input.Marker);
  const matches = (g: GrantRecord) =>
    (input.GrantId === undefined || g.grantId === input.GrantId) && (input.GranteePrincipal === undefined || g.granteePrincipal === input.GranteePrincipal);
  const found = await scan(ctx.tx, prefix, after === undefined ? undefined : prefix + after, limit, matches);
  const response: ListGrantsResponse = { Grants: found.items.map(grantListEntry), Truncated: found.truncated };
  if (found.truncated) response.NextMarker = encodeMarker(found.items[found.items.length - 1].grantId);
  return response;
}

export async function ListRetirableGrants(input: ListRetirableGrantsRequest, ctx: HandlerContext): Promise<ListGrantsResponse> {
  const limit = pageLimit(input.Limit, 50, 100);
  const prefix = grantsPrefix(callerPlace(ctx));
  const after = decodeMarker(input.Marker);
  const found = await scan(ctx.tx, prefix, after === undefined ? undefined : prefix + after, limit, (g) => g.retiringPrincipal === input.RetiringPrincipal);
  const response: ListGrantsResponse = { Grants: found.items.map(grantListEntry), Truncated: found.truncated };
  if (found.truncated) {
    const last = found.items[found.items.length - 1];
    response.NextMarker = encodeMarker(`${last.keyId}/${last.grantId}`);
  }
  return response;
}

/** Up to `limit` grants under `prefix` that match, reading in batches, and whether more match. */
async function scan(tx: Transaction, prefix: string, after: string | undefined, limit: number, matches: (g: GrantRecord) => boolean) {
  const items: GrantRecord[] = [];
  let cursor = after;
  for (;;) {
    const batch = await tx.list<JsonValue>({ prefix, limit: 500, ...(cursor === undefined ? {} : { after: cursor }) });
    for (const entry of batch) {
      const grant = entry.value as unknown as GrantRecord;
      if (!matches(grant)) continue;
      if (items.length === limit) return { items, truncated: true };
      items.push(grant);
    }
    if (batch.length < 500) return { items, truncated: false };
    cursor = batch[batch.length - 1].key;
  }
}

export function RetireGrant(input: RetireGrantRequest, ctx: HandlerContext): Record<string, never> {
  const { key, grant } = ctx.checks[0].resource.loaded as { key: LoadedKey; grant: GrantRecord };
  if (input.DryRun) throw dryRunRefusal();
  deleteGrant(ctx.tx, key, grant);
  return {};
}

export async function RevokeGrant(input: RevokeGrantRequest, ctx: HandlerContext): Promise<Record<string, never>> {
  const loaded = checkedKey(ctx);
  const grant = await findGrant(ctx, loaded, input.GrantId);
  if (input.DryRun) throw dryRunRefusal();
  deleteGrant(ctx.tx, loaded, grant);
  return {};
}

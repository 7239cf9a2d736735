// What an operation's authorization entry prepares for its handler: the secret it resolved and the KMS
// checks its cryptography needs (GenerateDataKey for values it will encrypt, Decrypt for values it will
// read), built by the KMS internal API with kms:ViaService and the encryption context, so the pipeline
// judges them with the secret's own check before the handler runs. The handler then uses exactly these
// checks, in the same transaction.
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { MANAGED_KEY_ALIAS, VIA, type SmDeps } from './deps.js';
import { encryptionContext, envelopeFor } from './encryption.js';
import { asDecryptionFailure, asEncryptionFailure } from './errors.js';
import type { Envelope, ResolvedSecret, SecretRecord, ValueRecord } from './records.js';

export interface SealPlan {
  versionId: string;
  arn: string;
  check: AuthorizationCheck;
}

export interface OpenPlan {
  versionId: string;
  value: ValueRecord;
  envelope: Envelope;
  /** Absent when the key is an AWS managed key of another account (the read must fail, see errors.ts). */
  check?: AuthorizationCheck;
}

export interface Plan {
  resolved: ResolvedSecret;
  /** CreateSecret: the identity of the secret it creates (random parts chosen once per attempt). */
  created?: { id: string; arn: string };
  seal?: SealPlan;
  open?: OpenPlan;
  /** UpdateSecret with a new key: re-encryption of the labelled versions under it. */
  reseal?: SealPlan[];
  /** ReplicateSecretToRegions / CreateSecret: data keys in each new replica's Region. */
  replicaSeals?: Record<string, AuthorizationCheck>;
}

export function planOf(ctx: Pick<HandlerContext, 'checks'>): Plan {
  const plan = ctx.checks[0]?.resource.loaded as Plan | undefined;
  if (!plan || !('resolved' in plan)) throw new Error('the authorization entry made no plan');
  return plan;
}

/** The key a secret's new values are encrypted under, as KMS resolves it. */
export const keyIdOf = (record: Pick<SecretRecord, 'kmsKeyId'>) => record.kmsKeyId ?? MANAGED_KEY_ALIAS;

/** A GenerateDataKey check for a value of `arn`/`versionId` under `keyId`, in `region` (a replica's) or the caller's. */
export async function sealCheck(
  deps: Pick<SmDeps, 'kms'>,
  ctx: AuthorizationContext,
  target: { arn: string; keyId: string; region?: string },
  versionId: string,
): Promise<AuthorizationCheck> {
  const inRegion = target.region && target.region !== ctx.region ? { ...ctx, region: target.region } : ctx;
  try {
    return await deps.kms.authorizeGenerateDataKey(inRegion, { ...VIA, keyId: target.keyId, encryptionContext: encryptionContext(target.arn, versionId) });
  } catch (error) {
    asEncryptionFailure(error);
  }
}

/** A Decrypt check for a stored version (undefined check: an AWS managed key read across accounts). */
export async function openCheck(deps: Pick<SmDeps, 'kms'>, ctx: AuthorizationContext, record: SecretRecord, versionId: string, value: ValueRecord): Promise<OpenPlan> {
  const envelope = envelopeFor(value, undefined);
  const preferred = value.envelopes.length > 1 ? await currentKeyArn(deps, ctx, record) : undefined;
  const chosen = preferred ? envelopeFor(value, preferred) : envelope;
  let check: AuthorizationCheck;
  try {
    check = await deps.kms.authorizeDecrypt(ctx, { ...VIA, ciphertextBlob: Buffer.from(chosen.dataKey, 'base64'), encryptionContext: encryptionContext(record.arn, versionId) });
  } catch (error) {
    asDecryptionFailure(error);
  }
  if (record.accountId !== ctx.accountId && deps.kms.describeKey(check).KeyManager === 'AWS') {
    return { versionId, value, envelope: chosen };
  }
  return { versionId, value, envelope: chosen, check };
}

/** The ARN of the key the secret's current key id names, if it resolves (to prefer its envelope). */
async function currentKeyArn(deps: Pick<SmDeps, 'kms'>, ctx: AuthorizationContext, record: SecretRecord): Promise<string | undefined> {
  try {
    const place = { ...ctx, region: record.region, accountId: record.accountId };
    const check = await deps.kms.authorizeDescribeKey(place, { ...VIA, keyId: keyIdOf(record) });
    return check.resource.arn;
  } catch {
    return undefined;
  }
}

/** Puts the plan on the operation's main check (the first), where planOf finds it. */
export function withPlan(check: AuthorizationCheck, plan: Plan): AuthorizationCheck {
  check.resource = { ...check.resource, loaded: plan };
  return check;
}

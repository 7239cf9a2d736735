// Writing and reading version values: a new version (encrypted under the secret's key, labelled,
// pruned), the idempotency rule for a version id that already exists, and reads that decrypt.
import type { Transaction } from '../../storage/types.js';
import type { AuthorizationCheck } from '../authorization.js';
import type { SmDeps } from './deps.js';
import { openEnvelope, sealEnvelope, type PlainValue } from './encryption.js';
import { crossAccountManagedKey, versionExists } from './errors.js';
import type { OpenPlan } from './plan.js';
import { loadValue, placeOf, saveValue, startOfDay, valueStorageKey, type LoadedSecret, type SecretRecord, type ValueRecord } from './records.js';
import { serviceContext } from './service-context.js';
import { addVersion, attachStages, CURRENT } from './versions.js';
import { VIA } from './deps.js';
import { encryptionContext } from './encryption.js';

export type VersionOutcome = 'created' | 'filled' | 'unchanged';

/**
 * Stores `value` as version `versionId` with `stages`. A version id that exists is AWS's idempotency
 * rule: the same value succeeds and changes nothing; a different value is ResourceExistsException;
 * the empty version a rotation labelled AWSPENDING is filled.
 */
export async function writeVersion(
  deps: Pick<SmDeps, 'kms' | 'fingerprints'>,
  tx: Transaction,
  loaded: LoadedSecret,
  versionId: string,
  value: PlainValue,
  stages: readonly string[],
  seal: AuthorizationCheck,
  now: number,
): Promise<{ outcome: VersionOutcome; pruned: string[] }> {
  const record = loaded.record;
  const fingerprint = await deps.fingerprints.of(tx, versionId, value);
  const existing = record.versions[versionId];
  if (existing?.hasValue) {
    const stored = await loadValue(tx, record, versionId);
    if (stored?.fingerprint === fingerprint && stored.kind === value.kind) return { outcome: 'unchanged', pruned: [] };
    throw versionExists();
  }
  const envelope = sealEnvelope(deps.kms, seal, record.arn, versionId, value);
  saveValue(tx, record, versionId, { kind: value.kind, envelopes: [envelope], fingerprint });
  let pruned: string[] = [];
  if (existing) {
    existing.hasValue = true;
    existing.kmsKeyArns = [envelope.keyArn];
    attachStages(record, versionId, stages);
  } else {
    pruned = addVersion(record, versionId, { createdAt: now, kmsKeyArns: [envelope.keyArn], hasValue: true }, stages, now);
    for (const id of pruned) tx.delete(valueStorageKey(placeOf(record), record.id, id));
  }
  record.lastChangedAt = now;
  return { outcome: existing ? 'filled' : 'created', pruned };
}

/** Decrypts a version the caller's checks allowed. */
export function readPlanned(deps: Pick<SmDeps, 'kms'>, record: SecretRecord, open: OpenPlan): PlainValue {
  if (!open.check) throw crossAccountManagedKey();
  return { kind: open.value.kind, bytes: openEnvelope(deps.kms, open.check, record.arn, open.versionId, open.value.kind, open.envelope) };
}

/** Decrypts a version as the service itself (replication, built-in rotators, re-encryption on key change). */
export async function readAsService(deps: Pick<SmDeps, 'kms'>, tx: Transaction, record: SecretRecord, versionId: string, now: number): Promise<PlainValue | undefined> {
  const value = await loadValue(tx, record, versionId);
  if (!value) return undefined;
  const envelope = value.envelopes[value.envelopes.length - 1];
  const ctx = serviceContext(tx, placeOf(record), now);
  const check = await deps.kms.authorizeDecrypt(ctx, { ...VIA, ciphertextBlob: Buffer.from(envelope.dataKey, 'base64'), encryptionContext: encryptionContext(record.arn, versionId) });
  return { kind: value.kind, bytes: openEnvelope(deps.kms, check, record.arn, versionId, value.kind, envelope) };
}

/** Records a read for LastAccessedDate (a date only, so at most one write per secret and day). */
export function noteAccess(record: SecretRecord, versionId: string, now: number): boolean {
  const day = startOfDay(now);
  let changed = false;
  if (record.lastAccessedAt !== day) {
    record.lastAccessedAt = day;
    changed = true;
  }
  const meta = record.versions[versionId];
  if (meta && meta.lastAccessedAt !== day) {
    meta.lastAccessedAt = day;
    changed = true;
  }
  return changed;
}

export const defaultStages = (stages: readonly string[] | undefined) => (stages && stages.length > 0 ? stages : [CURRENT]);

export type { ValueRecord };

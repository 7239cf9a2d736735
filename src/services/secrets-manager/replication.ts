// Replica secrets: a secret of the same name (and suffix) in another Region of the same account,
// read-only, encrypted under a key of its own Region. Every change to the primary is copied to its
// replicas in the same transaction (metadata, labels, new values re-encrypted under the replica's key),
// so a replica is never behind. A replica that cannot be written (its key is unusable, a secret of
// that name that is not our replica is in the way) is reported as Failed with the reason.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../errors.js';
import type { ReplicationStatusType } from '../../generated/secrets-manager/types.js';
import type { StoreReader, Transaction } from '../../storage/types.js';
import type { AuthorizationCheck } from '../authorization.js';
import { MANAGED_KEY_ALIAS, VIA, type SmDeps } from './deps.js';
import { sealEnvelope, type PlainValue } from './encryption.js';
import { onReplica } from './errors.js';
import {
  deleteSecretNow,
  loadSecret,
  loadValue,
  placeOf,
  saveSecret,
  saveValue,
  secretStorageKey,
  valueStorageKey,
  type LoadedSecret,
  type ReplicaStatus,
  type SecretRecord,
} from './records.js';
import { serviceContext } from './service-context.js';
import { readAsService } from './values.js';

export const replicaArn = (primary: SecretRecord, region: string) => primary.arn.replace(`:secretsmanager:${primary.region}:`, `:secretsmanager:${region}:`);

/** Writes to a replica are refused: it changes only through its primary. */
export function refuseReplica(record: SecretRecord): void {
  if (record.primaryRegion !== undefined) throw onReplica();
}

/** Plaintexts the caller already has for some versions (saves decrypting them again). */
export type KnownValues = ReadonlyMap<string, PlainValue>;

/** Copies `primary` to every replica that is in sync, in `tx`. */
export async function syncReplicas(deps: Pick<SmDeps, 'kms'>, tx: Transaction, primary: SecretRecord, now: number, known: KnownValues = new Map()): Promise<void> {
  for (const status of primary.replicas ?? []) {
    if (status.status !== 'InSync') continue;
    const loaded = await loadSecret(tx, { ...placeOf(primary), region: status.region }, primary.name);
    if (!loaded || loaded.record.primaryRegion !== primary.region || loaded.record.arn !== replicaArn(primary, status.region)) {
      fail(status, `Replication failed: the replica secret in ${status.region} no longer exists.`);
      continue;
    }
    try {
      await writeReplica(deps, tx, primary, loaded, status, now, known, undefined);
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      fail(status, `Replication failed: ${error.message}`);
    }
  }
}

function fail(status: ReplicaStatus, message: string): void {
  status.status = 'Failed';
  status.statusMessage = message;
}

/**
 * Makes `loaded` (a replica record, new or existing) a copy of `primary`: metadata, labels, and every
 * version's value sealed under the replica's key. Encrypts everything before writing anything, so a
 * failure leaves the replica as it was.
 */
async function writeReplica(
  deps: Pick<SmDeps, 'kms'>,
  tx: Transaction,
  primary: SecretRecord,
  loaded: LoadedSecret,
  status: ReplicaStatus,
  now: number,
  known: KnownValues,
  callerSeal: AuthorizationCheck | undefined,
): Promise<void> {
  const replica = loaded.record;
  const place = placeOf(replica);
  let seal = callerSeal;
  const writes: { versionId: string; value: ReturnType<typeof sealEnvelope>; kind: PlainValue['kind']; fingerprint: string }[] = [];
  for (const [versionId, meta] of Object.entries(primary.versions)) {
    if (!meta.hasValue || replica.versions[versionId]?.hasValue) continue;
    const plain = known.get(versionId) ?? (await readAsService(deps, tx, primary, versionId, now));
    if (!plain) continue;
    seal ??= await deps.kms.authorizeGenerateDataKey(serviceContext(tx, place, now), { ...VIA, keyId: status.kmsKeyId ?? MANAGED_KEY_ALIAS });
    const primaryValue = await loadValue(tx, primary, versionId);
    writes.push({ versionId, value: sealEnvelope(deps.kms, seal, replica.arn, versionId, plain), kind: plain.kind, fingerprint: primaryValue?.fingerprint ?? '' });
  }
  const keyArn = seal?.resource.arn;
  for (const write of writes) saveValue(tx, replica, write.versionId, { kind: write.kind, envelopes: [write.value], fingerprint: write.fingerprint });
  for (const versionId of Object.keys(replica.versions)) {
    if (!primary.versions[versionId]) tx.delete(valueStorageKey(place, replica.id, versionId));
  }
  const versions: SecretRecord['versions'] = {};
  for (const [versionId, meta] of Object.entries(primary.versions)) {
    const own = replica.versions[versionId];
    versions[versionId] = { ...meta, stages: [...meta.stages], kmsKeyArns: own?.hasValue ? own.kmsKeyArns : meta.hasValue && keyArn ? [keyArn] : [], lastAccessedAt: own?.lastAccessedAt };
    if (versions[versionId].lastAccessedAt === undefined) delete versions[versionId].lastAccessedAt;
  }
  replica.versions = versions;
  replica.description = primary.description;
  if (replica.description === undefined) delete replica.description;
  replica.tags = primary.tags.map((t) => ({ ...t }));
  replica.policy = primary.policy;
  if (replica.policy === undefined) delete replica.policy;
  replica.rotation = primary.rotation && { ...primary.rotation };
  if (replica.rotation === undefined) delete replica.rotation;
  else delete replica.rotation.inProgress;
  replica.deletionDate = primary.deletionDate;
  if (replica.deletionDate === undefined) delete replica.deletionDate;
  replica.lastChangedAt = primary.lastChangedAt;
  replica.kmsKeyId = status.kmsKeyId === undefined ? undefined : normalizeKeyId(status.kmsKeyId, place);
  if (replica.kmsKeyId === undefined) delete replica.kmsKeyId;
  saveSecret(tx, loaded);
  status.status = 'InSync';
  status.statusMessage = 'Replication succeeded';
}

/** The key id a secret stores: key and alias names become ARNs in the secret's place. */
export function normalizeKeyId(keyId: string, place: { partition: string; accountId: string; region: string }): string | undefined {
  if (keyId === MANAGED_KEY_ALIAS || keyId === '') return undefined;
  if (keyId.startsWith('arn:')) return keyId;
  if (keyId.startsWith('alias/')) return `arn:${place.partition}:kms:${place.region}:${place.accountId}:${keyId}`;
  return `arn:${place.partition}:kms:${place.region}:${place.accountId}:key/${keyId}`;
}

/**
 * Adds replicas of `primary` in `regions` (ReplicateSecretToRegions, CreateSecret's AddReplicaRegions).
 * A secret of that name already in the Region is replaced only with ForceOverwriteReplicaSecret;
 * otherwise that replica is reported Failed.
 */
export async function addReplicas(
  deps: Pick<SmDeps, 'kms'>,
  tx: Transaction,
  primary: SecretRecord,
  regions: readonly { region: string; kmsKeyId?: string; seal?: AuthorizationCheck }[],
  forceOverwrite: boolean,
  now: number,
  known: KnownValues,
): Promise<void> {
  primary.replicas ??= [];
  for (const { region, kmsKeyId, seal } of regions) {
    if (primary.replicas.some((r) => r.region === region)) continue;
    const status: ReplicaStatus = { region, status: 'InSync', statusMessage: 'Replication succeeded' };
    if (kmsKeyId !== undefined && kmsKeyId !== MANAGED_KEY_ALIAS) status.kmsKeyId = kmsKeyId;
    primary.replicas.push(status);
    const place = { ...placeOf(primary), region };
    const existing = await loadSecret(tx, place, primary.name);
    if (existing) {
      if (!forceOverwrite) {
        fail(status, `Replication failed: Secret name ${primary.name} already exists in region ${region}.`);
        continue;
      }
      await deleteSecretNow(tx, existing);
    }
    const record: SecretRecord = {
      id: randomUUID(),
      arn: replicaArn(primary, region),
      name: primary.name,
      ...place,
      tags: [],
      createdAt: now,
      lastChangedAt: now,
      versions: {},
      primaryRegion: primary.region,
    };
    const loaded: LoadedSecret = { record, storageKey: secretStorageKey(place, primary.name) };
    try {
      await writeReplica(deps, tx, primary, loaded, status, now, known, seal);
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      fail(status, `Replication failed: ${error.message}`);
    }
  }
}

/** Deletes the replicas in `regions` and forgets them (RemoveRegionsFromReplication, primary deletion). */
export async function removeReplicas(tx: Transaction, primary: SecretRecord, regions: readonly string[]): Promise<void> {
  for (const region of regions) {
    const status = primary.replicas?.find((r) => r.region === region);
    if (!status) continue;
    const loaded = await loadSecret(tx, { ...placeOf(primary), region }, primary.name);
    if (loaded && loaded.record.primaryRegion === primary.region && loaded.record.arn === replicaArn(primary, region)) await deleteSecretNow(tx, loaded);
    primary.replicas = primary.replicas!.filter((r) => r.region !== region);
  }
  if (primary.replicas && primary.replicas.length === 0) delete primary.replicas;
}

/** ReplicationStatus as DescribeSecret and the replication operations report it. */
export async function replicationStatus(tx: StoreReader, primary: SecretRecord): Promise<ReplicationStatusType[]> {
  const statuses: ReplicationStatusType[] = [];
  for (const replica of primary.replicas ?? []) {
    const entry: ReplicationStatusType = {
      Region: replica.region,
      KmsKeyId: replica.kmsKeyId ?? MANAGED_KEY_ALIAS,
      Status: replica.status,
      StatusMessage: replica.statusMessage,
    };
    if (replica.status === 'InSync') {
      const loaded = await loadSecret(tx, { ...placeOf(primary), region: replica.region }, primary.name);
      if (loaded?.record.lastAccessedAt !== undefined) entry.LastAccessedDate = new Date(loaded.record.lastAccessedAt);
    }
    statuses.push(entry);
  }
  return statuses;
}


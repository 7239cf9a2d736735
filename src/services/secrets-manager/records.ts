// The stored form of a secret and where it lives. A secret record holds its metadata and the index
// of its versions (id -> staging labels, dates, keys); each version's encrypted value is a record of
// its own, so the hot path (GetSecretValue) reads two records. Records are keyed by name in their
// account and Region (names are unique there, including secrets pending deletion); values are keyed by
// the secret's internal id, so a secret created again under a deleted one's name starts empty.
import type { Tag } from '../../generated/secrets-manager/types.js';
import type { JsonValue, StoreReader, Transaction } from '../../storage/types.js';
import { parseSecretId, type SecretPlace } from './arns.js';

export interface VersionMeta {
  stages: string[];
  createdAt: number;
  /** Start of the UTC day of the last read of this version (AWS reports the date only). */
  lastAccessedAt?: number;
  /** ARNs of the KMS keys the value is encrypted under (several after a key change). */
  kmsKeyArns: string[];
  /** False for the empty version RotateSecret labels AWSPENDING before the function's createSecret fills it. */
  hasValue: boolean;
}

export interface RotationRulesRecord {
  automaticallyAfterDays?: number;
  scheduleExpression?: string;
  duration?: string;
}

export interface RotationState {
  lambdaArn?: string;
  enabled: boolean;
  rules?: RotationRulesRecord;
  lastRotatedAt?: number;
  /** The end of the next rotation window (DescribeSecret's NextRotationDate: "on or before"). */
  nextRotationAt?: number;
  /** The rotation being attempted: its version id (ClientRequestToken) and the event's RotationToken. */
  inProgress?: { token: string; rotationToken: string; startedAt: number; attempts: number; windowEnd: number };
  /** Why the last attempt failed (no secret values: the step, and the function's exit status or HTTP status). */
  lastFailure?: string;
}

export interface ReplicaStatus {
  region: string;
  /** As given (key id, alias or ARN); absent: the Region's aws/secretsmanager key. */
  kmsKeyId?: string;
  status: 'InSync' | 'Failed';
  statusMessage: string;
}

export interface SecretRecord {
  /** Internal id naming the value records; new for every secret created. */
  id: string;
  arn: string;
  name: string;
  partition: string;
  accountId: string;
  region: string;
  description?: string;
  /** The key as the caller named it, stored as a key ARN or alias ARN; absent: alias/aws/secretsmanager. */
  kmsKeyId?: string;
  tags: Tag[];
  policy?: string;
  createdAt: number;
  lastChangedAt: number;
  lastAccessedAt?: number;
  /** Set while the secret waits for deletion: when the scheduler deletes it. */
  deletionDate?: number;
  versions: Record<string, VersionMeta>;
  rotation?: RotationState;
  /** On a primary: its replicas. */
  replicas?: ReplicaStatus[];
  /** On a replica: the primary's Region (the replica is read-only). */
  primaryRegion?: string;
}

/** One encryption of a version's value under one KMS key (envelope: AES-256-GCM under a KMS data key). */
export interface Envelope {
  keyArn: string;
  /** The data key, encrypted by KMS (base64 ciphertext blob). */
  dataKey: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

export interface ValueRecord {
  kind: 'string' | 'binary';
  envelopes: Envelope[];
  /** HMAC of the value under Rampart's sealed fingerprint key: idempotent retries compare values without decrypting. */
  fingerprint: string;
}

export const regionPrefix = (place: SecretPlace) => `acct/${place.partition}/${place.accountId}/${place.region}/secretsmanager/`;
export const secretStorageKey = (place: SecretPlace, name: string) => `${regionPrefix(place)}secret/${name}`;
export const secretsPrefix = (place: SecretPlace) => `${regionPrefix(place)}secret/`;
export const valueStorageKey = (place: SecretPlace, id: string, versionId: string) => `${regionPrefix(place)}value/${id}/${versionId}`;
export const valuesPrefix = (place: SecretPlace, id: string) => `${regionPrefix(place)}value/${id}/`;

export const placeOf = (record: Pick<SecretRecord, 'partition' | 'accountId' | 'region'>): SecretPlace => ({
  partition: record.partition,
  accountId: record.accountId,
  region: record.region,
});

export interface LoadedSecret {
  record: SecretRecord;
  storageKey: string;
}

export async function loadSecret(reader: StoreReader, place: SecretPlace, name: string): Promise<LoadedSecret | undefined> {
  const storageKey = secretStorageKey(place, name);
  const stored = await reader.get<JsonValue>(storageKey);
  return stored ? { record: stored.value as unknown as SecretRecord, storageKey } : undefined;
}

export function saveSecret(tx: Transaction, loaded: LoadedSecret): void {
  tx.put(loaded.storageKey, loaded.record as unknown as JsonValue);
}

export async function loadValue(reader: StoreReader, record: SecretRecord, versionId: string): Promise<ValueRecord | undefined> {
  const stored = await reader.get<JsonValue>(valueStorageKey(placeOf(record), record.id, versionId));
  return stored?.value as unknown as ValueRecord | undefined;
}

export function saveValue(tx: Transaction, record: SecretRecord, versionId: string, value: ValueRecord): void {
  tx.put(valueStorageKey(placeOf(record), record.id, versionId), value as unknown as JsonValue);
}

export async function deleteSecretNow(tx: Transaction, loaded: LoadedSecret): Promise<void> {
  tx.delete(loaded.storageKey);
  for (const entry of await tx.list({ prefix: valuesPrefix(placeOf(loaded.record), loaded.record.id) })) tx.delete(entry.key);
}

/** What a SecretId names: where to look, the secret if it exists, and the ARN to authorize against. */
export interface ResolvedSecret {
  place: SecretPlace;
  loaded?: LoadedSecret;
  /** The secret's ARN, or for a missing secret the ARN the request named (or would name). */
  arn: string;
}

/**
 * Finds a secret by name, full ARN or partial ARN in the caller's Region (another account's secret by
 * ARN only). A full ARN must match the secret's suffix; a partial ARN is the name itself. An ARN whose
 * last seven characters look like a suffix is tried as a full ARN first, then as a partial one.
 */
export async function resolveSecret(reader: StoreReader, caller: SecretPlace, secretId: string): Promise<ResolvedSecret> {
  const reference = parseSecretId(secretId);
  if (reference.kind === 'name') {
    const loaded = await loadSecret(reader, caller, reference.name);
    const arn = loaded?.record.arn ?? `arn:${caller.partition}:secretsmanager:${caller.region}:${caller.accountId}:secret:${reference.name}`;
    return { place: caller, loaded, arn };
  }
  const place = reference.place;
  if (place.region !== caller.region || place.partition !== caller.partition) return { place, arn: reference.arn };
  const full = /^(.+)-[A-Za-z0-9]{6}$/.exec(reference.resource);
  if (full) {
    const loaded = await loadSecret(reader, place, full[1]);
    if (loaded && loaded.record.arn === reference.arn) return { place, loaded, arn: reference.arn };
  }
  const loaded = await loadSecret(reader, place, reference.resource);
  return { place, loaded, arn: loaded?.record.arn ?? reference.arn };
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

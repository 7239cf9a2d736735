// The stored form of a parameter. The head record holds everything a read needs (the current
// version with its value, labels, tags, the retained version range), so GetParameter is one storage
// read; every version, the current one included, is also stored on its own for history and
// "name:version" selectors. SecureString values are stored only as KMS ciphertext (base64).
import type { ParameterTier, ParameterType, Tag } from '../../generated/ssm/types.js';
import type { JsonValue, StoreReader, Transaction } from '../../storage/types.js';
import { parameterKey, versionKey, versionsPrefix, ssmPrefix, type ParameterPlace } from './names.js';

export type StoredTier = Exclude<ParameterTier, 'Intelligent-Tiering'>;

export type PolicyType = 'Expiration' | 'ExpirationNotification' | 'NoChangeNotification';
export type PolicyStatus = 'Pending' | 'Finished' | 'Failed';

export interface StoredPolicy {
  type: PolicyType;
  /** The policy's JSON as AWS echoes it (PolicyText). */
  text: string;
  status: PolicyStatus;
  /** When it falls due (ms); for NoChangeNotification, counted from the version's modification. */
  dueAt: number;
}

export interface VersionRecord {
  version: number;
  type: ParameterType;
  /** String/StringList: the value; SecureString: base64 of the ciphertext (see secure-string.ts). */
  value: string;
  /** SecureString: the KeyId as the caller gave it (or alias/aws/ssm). */
  keyId?: string;
  description?: string;
  allowedPattern?: string;
  dataType: string;
  tier: StoredTier;
  policies: StoredPolicy[];
  modifiedAt: number;
  /** ARN of the principal that wrote this version. */
  modifiedBy: string;
}

export interface ParameterRecord {
  name: string;
  current: VersionRecord;
  /** Oldest retained version (Parameter Store keeps the newest 100). */
  firstVersion: number;
  /** Label -> the version it is attached to. */
  labels: Record<string, number>;
  tags: Tag[];
}

export interface LoadedParameter {
  record: ParameterRecord;
  /** Commit number of the stored head (0 when written by this transaction). */
  version: number;
}

export async function loadParameter(reader: StoreReader, place: ParameterPlace, name: string): Promise<LoadedParameter | undefined> {
  const stored = await reader.get<JsonValue>(parameterKey(place, name));
  return stored && { record: stored.value as unknown as ParameterRecord, version: stored.version };
}

export async function loadVersion(reader: StoreReader, place: ParameterPlace, name: string, version: number): Promise<VersionRecord | undefined> {
  const stored = await reader.get<JsonValue>(versionKey(place, name, version));
  return stored?.value as unknown as VersionRecord | undefined;
}

export async function loadVersions(
  reader: StoreReader,
  place: ParameterPlace,
  name: string,
  options: { afterVersion?: number; limit?: number } = {},
): Promise<VersionRecord[]> {
  const prefix = versionsPrefix(place, name);
  const rows = await reader.list<JsonValue>({
    prefix,
    after: options.afterVersion === undefined ? undefined : versionKey(place, name, options.afterVersion),
    limit: options.limit,
  });
  return rows.map((row) => row.value as unknown as VersionRecord);
}

export function saveParameter(tx: Transaction, place: ParameterPlace, record: ParameterRecord): void {
  tx.put(parameterKey(place, record.name), record as unknown as JsonValue);
}

export function saveVersion(tx: Transaction, place: ParameterPlace, name: string, version: VersionRecord): void {
  tx.put(versionKey(place, name, version.version), version as unknown as JsonValue);
}

/** Removes the head and every retained version. */
export function deleteParameterRecords(tx: Transaction, place: ParameterPlace, record: ParameterRecord): void {
  tx.delete(parameterKey(place, record.name));
  for (let v = record.firstVersion; v <= record.current.version; v++) tx.delete(versionKey(place, record.name, v));
}

/** Labels attached to `version`, in the order they were attached. */
export const labelsOf = (record: ParameterRecord, version: number) =>
  Object.entries(record.labels)
    .filter(([, v]) => v === version)
    .map(([label]) => label);

// ---- parameter counts per tier (the account and Region quotas) ----------------------------------------

export interface TierCounts {
  Standard: number;
  Advanced: number;
}

const countsKey = (place: ParameterPlace) => `${ssmPrefix(place)}counts`;

export async function loadCounts(reader: StoreReader, place: ParameterPlace): Promise<TierCounts> {
  const stored = await reader.get<JsonValue>(countsKey(place));
  return (stored?.value as unknown as TierCounts | undefined) ?? { Standard: 0, Advanced: 0 };
}

export function saveCounts(tx: Transaction, place: ParameterPlace, counts: TierCounts): void {
  tx.put(countsKey(place), counts as unknown as JsonValue);
}

/** Adjusts the counts: -1 from `from` (a parameter left that tier), +1 to `to`. */
export async function moveCount(tx: Transaction, place: ParameterPlace, from: StoredTier | undefined, to: StoredTier | undefined): Promise<void> {
  if (from === to) return;
  const counts = await loadCounts(tx, place);
  if (from) counts[from] = Math.max(0, counts[from] - 1);
  if (to) counts[to] += 1;
  saveCounts(tx, place, counts);
}

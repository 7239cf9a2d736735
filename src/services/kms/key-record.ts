// The stored form of a KMS key, its backing material, and where each KMS record lives in storage.
// A key record holds everything an Encrypt needs (state, spec, policy, grants summary, sealed
// material), so the hot path reads one record. Multi-Region keys keep their material history in one
// record shared by the primary and its replicas, so a rotation of the primary reaches every replica.
import type { ExpirationModelType, KeyManagerType, KeyState, KeyUsageType, OriginType, Tag } from '../../generated/kms/types.js';
import type { JsonValue, StoreReader, Transaction } from '../../storage/types.js';
import type { KeyPlace } from './arns.js';
import type { SupportedKeySpec } from './key-specs.js';

export type KeyMaterialState = 'CURRENT' | 'NON_CURRENT' | 'PENDING_ROTATION';

/** One backing key of a KMS key. A rotation adds one; ciphertexts name the version they used. */
export interface MaterialVersion {
  /** KeyMaterialId: 64 hex digits. */
  id: string;
  /** The number ciphertext blobs carry. */
  version: number;
  /** The material sealed by the keyring; absent once imported material expired or was deleted. */
  sealed?: string;
  /** Asymmetric keys: the public key, DER SubjectPublicKeyInfo in base64 (not secret). */
  publicKey?: string;
  createdAt: number;
  /** When it became current by a rotation (absent for the first material). */
  rotatedAt?: number;
  rotationType?: 'AUTOMATIC' | 'ON_DEMAND';
  state: KeyMaterialState;
  /** Imported material: how and until when it may be used. */
  imported?: { expirationModel: ExpirationModelType; validTo?: number; description?: string };
}

export type StoredKeyState = Extract<KeyState, 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'PendingReplicaDeletion'>;

export interface KeyRecord {
  keyId: string;
  arn: string;
  accountId: string;
  region: string;
  partition: string;
  createdAt: number;
  description: string;
  keySpec: SupportedKeySpec;
  keyUsage: KeyUsageType;
  origin: Extract<OriginType, 'AWS_KMS' | 'EXTERNAL'>;
  keyManager: KeyManagerType;
  state: StoredKeyState;
  /** PendingDeletion: when the scheduler deletes the key; PendingReplicaDeletion: the window still to run. */
  deletionDate?: number;
  pendingWindowInDays?: number;
  /** The key policy, as the caller wrote it (or AWS's default). */
  policy: string;
  tags: Tag[];
  /** Alias names pointing at this key (for kms:ResourceAliases without another read). */
  aliases: string[];
  rotation: {
    enabled: boolean;
    periodDays: number;
    nextAt?: number;
    onDemandCount: number;
    onDemandStartedAt?: number;
  };
  multiRegion: boolean;
  /** Single-Region keys: the material history. Multi-Region keys keep it in their MultiRegionRecord. */
  materials?: MaterialVersion[];
  /** Grantee principal -> number of grants naming it: lets authorization skip reading grants. */
  grantees: Record<string, number>;
  grantCount: number;
}

/** What a multi-Region key's primary and replicas share. */
export interface MultiRegionRecord {
  keyId: string;
  accountId: string;
  partition: string;
  primaryRegion: string;
  /** Every Region holding the key (primary and replicas), in the order they were added. */
  regions: string[];
  materials: MaterialVersion[];
}

export interface AliasRecord {
  aliasName: string;
  targetKeyId: string;
  createdAt: number;
  updatedAt: number;
}

// ---- where records live --------------------------------------------------------------------------

export const regionPrefix = (place: KeyPlace) => `acct/${place.partition}/${place.accountId}/${place.region}/kms/`;
export const keyStorageKey = (place: KeyPlace, keyId: string) => `${regionPrefix(place)}key/${keyId}`;
export const keysPrefix = (place: KeyPlace) => `${regionPrefix(place)}key/`;
/** Alias names always start with "alias/"; they are stored by the rest of the name. */
export const aliasStorageKey = (place: KeyPlace, aliasName: string) => `${regionPrefix(place)}alias/${aliasName.slice('alias/'.length)}`;
export const aliasesPrefix = (place: KeyPlace) => `${regionPrefix(place)}alias/`;
export const grantStorageKey = (place: KeyPlace, keyId: string, grantId: string) => `${regionPrefix(place)}grant/${keyId}/${grantId}`;
export const keyGrantsPrefix = (place: KeyPlace, keyId: string) => `${regionPrefix(place)}grant/${keyId}/`;
export const grantsPrefix = (place: KeyPlace) => `${regionPrefix(place)}grant/`;
export const importStorageKey = (place: KeyPlace, keyId: string, tokenId: string) => `${regionPrefix(place)}import/${keyId}/${tokenId}`;
export const keyImportsPrefix = (place: KeyPlace, keyId: string) => `${regionPrefix(place)}import/${keyId}/`;
export const multiRegionStorageKey = (partition: string, accountId: string, keyId: string) => `acct/${partition}/${accountId}/kms-mrk/${keyId}`;

/** The associated data a backing key is sealed with: the key and the version, region-free for multi-Region keys. */
export function materialAad(key: Pick<KeyRecord, 'arn' | 'keyId' | 'partition' | 'accountId' | 'multiRegion'>, version: number): string {
  return key.multiRegion
    ? `kms/key-material/${key.partition}/${key.accountId}/${key.keyId}/${version}`
    : `kms/key-material/${key.arn}/${version}`;
}

export const placeOf = (key: Pick<KeyRecord, 'partition' | 'accountId' | 'region'>): KeyPlace => ({
  partition: key.partition,
  accountId: key.accountId,
  region: key.region,
});

/** A key as a request loaded it: the record, where it is, and (multi-Region keys) the shared record. */
export interface LoadedKey {
  record: KeyRecord;
  storageKey: string;
  /** The stored record's commit number (0 when written by this transaction): the material cache's key. */
  version: number;
  multiRegion?: { record: MultiRegionRecord; storageKey: string; version: number };
}

export async function loadKeyAt(reader: StoreReader, place: KeyPlace, keyId: string): Promise<LoadedKey | undefined> {
  const storageKey = keyStorageKey(place, keyId);
  const stored = await reader.get<JsonValue>(storageKey);
  if (!stored) return undefined;
  const record = stored.value as unknown as KeyRecord;
  const loaded: LoadedKey = { record, storageKey, version: stored.version };
  if (record.multiRegion) {
    const mrkKey = multiRegionStorageKey(record.partition, record.accountId, record.keyId);
    const shared = await reader.get<JsonValue>(mrkKey);
    if (shared) loaded.multiRegion = { record: shared.value as unknown as MultiRegionRecord, storageKey: mrkKey, version: shared.version };
  }
  return loaded;
}

export function saveKey(tx: Transaction, loaded: LoadedKey): void {
  tx.put(loaded.storageKey, loaded.record as unknown as JsonValue);
  if (loaded.multiRegion) tx.put(loaded.multiRegion.storageKey, loaded.multiRegion.record as unknown as JsonValue);
}

/** The material history of a key, wherever it is kept. */
export function materialsOf(loaded: LoadedKey): MaterialVersion[] {
  if (loaded.record.multiRegion) return loaded.multiRegion?.record.materials ?? [];
  return loaded.record.materials ?? [];
}

export function currentMaterial(loaded: LoadedKey): MaterialVersion | undefined {
  return materialsOf(loaded).find((m) => m.state === 'CURRENT');
}

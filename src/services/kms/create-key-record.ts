// Making a key: the record, its first material and, for multi-Region keys, the record its replicas
// will share. CreateKey and the AWS managed keys other services create on first use both come here.
import type { Tag } from '../../generated/kms/types.js';
import type { JsonValue, Transaction } from '../../storage/types.js';
import { keyArn, newKeyId, type KeyPlace } from './arns.js';
import { DAY_MS, JOB_ROTATE_KEY, rotateKeyJobId, type KmsDeps } from './deps.js';
import { keyStorageKey, multiRegionStorageKey, type KeyRecord, type LoadedKey, type MultiRegionRecord } from './key-record.js';
import { generateMaterial, randomMaterialId, sealMaterial } from './material.js';
import type { SupportedKeySpec } from './key-specs.js';

export interface NewKey {
  place: KeyPlace;
  now: number;
  description: string;
  keySpec: SupportedKeySpec;
  keyUsage: KeyRecord['keyUsage'];
  origin: KeyRecord['origin'];
  keyManager: KeyRecord['keyManager'];
  multiRegion: boolean;
  policy: string;
  tags: Tag[];
}

export const DEFAULT_ROTATION_DAYS = 365;

export async function createKeyRecord(tx: Transaction, deps: Pick<KmsDeps, 'keyring' | 'scheduler'>, spec: NewKey): Promise<LoadedKey> {
  const keyId = newKeyId(spec.multiRegion);
  const arn = keyArn(spec.place, keyId);
  const record: KeyRecord = {
    keyId,
    arn,
    accountId: spec.place.accountId,
    region: spec.place.region,
    partition: spec.place.partition,
    createdAt: spec.now,
    description: spec.description,
    keySpec: spec.keySpec,
    keyUsage: spec.keyUsage,
    origin: spec.origin,
    keyManager: spec.keyManager,
    state: spec.origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
    policy: spec.policy,
    tags: spec.tags,
    aliases: [],
    rotation: { enabled: false, periodDays: DEFAULT_ROTATION_DAYS, onDemandCount: 0 },
    multiRegion: spec.multiRegion,
    grantees: {},
    grantCount: 0,
  };
  const materials =
    spec.origin === 'AWS_KMS'
      ? [sealMaterial(deps.keyring, record, 1, await generateMaterial(spec.keySpec), { id: randomMaterialId(), createdAt: spec.now, state: 'CURRENT' })]
      : [];
  const loaded: LoadedKey = { record, storageKey: keyStorageKey(spec.place, keyId), version: 0 };
  if (spec.multiRegion) {
    const shared: MultiRegionRecord = {
      keyId,
      accountId: spec.place.accountId,
      partition: spec.place.partition,
      primaryRegion: spec.place.region,
      regions: [spec.place.region],
      materials,
    };
    loaded.multiRegion = { record: shared, storageKey: multiRegionStorageKey(spec.place.partition, spec.place.accountId, keyId), version: 0 };
    tx.put(loaded.multiRegion.storageKey, shared as unknown as JsonValue);
  } else {
    record.materials = materials;
  }
  if (spec.keyManager === 'AWS') {
    // AWS managed keys rotate every year, and that cannot be turned off.
    record.rotation = { enabled: true, periodDays: DEFAULT_ROTATION_DAYS, onDemandCount: 0, nextAt: spec.now + DEFAULT_ROTATION_DAYS * DAY_MS };
    await deps.scheduler.schedule(tx, { id: rotateKeyJobId(arn), type: JOB_ROTATE_KEY, dueAt: record.rotation.nextAt!, payload: { storageKey: loaded.storageKey } });
  }
  tx.put(loaded.storageKey, record as unknown as JsonValue);
  return loaded;
}

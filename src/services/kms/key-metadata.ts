// KeyMetadata as CreateKey, DescribeKey and ReplicateKey return it.
import type { KeyMetadata, MultiRegionConfiguration } from '../../generated/kms/types.js';
import { keyArn } from './arns.js';
import { currentMaterial, materialsOf, type LoadedKey } from './key-record.js';
import { KEY_SPECS } from './key-specs.js';

export function multiRegionConfiguration(loaded: LoadedKey): MultiRegionConfiguration | undefined {
  const shared = loaded.multiRegion?.record;
  if (!shared) return undefined;
  const key = loaded.record;
  const arnIn = (region: string) => keyArn({ partition: key.partition, accountId: key.accountId, region }, key.keyId);
  return {
    MultiRegionKeyType: shared.primaryRegion === key.region ? 'PRIMARY' : 'REPLICA',
    PrimaryKey: { Arn: arnIn(shared.primaryRegion), Region: shared.primaryRegion },
    ReplicaKeys: shared.regions.filter((r) => r !== shared.primaryRegion).map((region) => ({ Arn: arnIn(region), Region: region })),
  };
}

export function keyMetadata(loaded: LoadedKey): KeyMetadata {
  const key = loaded.record;
  const spec = KEY_SPECS[key.keySpec];
  const metadata: KeyMetadata = {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.createdAt),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    Origin: key.origin,
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    MultiRegion: key.multiRegion,
  };
  if (key.state === 'PendingDeletion' && key.deletionDate !== undefined) metadata.DeletionDate = new Date(key.deletionDate);
  if (key.state === 'PendingReplicaDeletion') metadata.PendingDeletionWindowInDays = key.pendingWindowInDays;
  if (key.keyUsage === 'ENCRYPT_DECRYPT') metadata.EncryptionAlgorithms = [...(spec.encryptionAlgorithms ?? [])];
  if (key.keyUsage === 'SIGN_VERIFY') metadata.SigningAlgorithms = [...(spec.signingAlgorithms ?? [])];
  if (key.keyUsage === 'GENERATE_VERIFY_MAC') metadata.MacAlgorithms = [...(spec.macAlgorithms ?? [])];
  if (key.keyUsage === 'KEY_AGREEMENT') metadata.KeyAgreementAlgorithms = [...(spec.keyAgreementAlgorithms ?? [])];
  if (key.origin === 'EXTERNAL') {
    const imported = materialsOf(loaded).filter((m) => m.imported && m.sealed);
    const current = currentMaterial(loaded);
    if (current?.imported && current.sealed) metadata.ExpirationModel = current.imported.expirationModel;
    const validTos = imported.map((m) => m.imported!.validTo).filter((t): t is number => t !== undefined);
    if (validTos.length > 0) metadata.ValidTo = new Date(Math.min(...validTos));
  }
  const configuration = multiRegionConfiguration(loaded);
  if (configuration) metadata.MultiRegionConfiguration = configuration;
  if (key.keySpec === 'SYMMETRIC_DEFAULT') {
    const current = currentMaterial(loaded);
    if (current) metadata.CurrentKeyMaterialId = current.id;
  }
  return metadata;
}

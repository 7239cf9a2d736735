// AWS managed keys (alias/aws/<service>): created in an account and Region the first time the owning
// service needs one, with KeyManager AWS, AWS's managed-key policy and yearly rotation that cannot be
// turned off. Nobody can create, change or delete the alias/aws/ aliases directly.
import type { JsonValue, Transaction } from '../../storage/types.js';
import type { KeyPlace } from './arns.js';
import { createKeyRecord } from './create-key-record.js';
import type { KmsDeps } from './deps.js';
import { awsManagedKeyPolicy } from './key-policy.js';
import { aliasStorageKey, loadKeyAt, type AliasRecord, type LoadedKey } from './key-record.js';

/** Services that have AWS managed keys (the predefined aliases AWS recognises). */
const MANAGED_KEY_SERVICES = new Set([
  'acm', 'backup', 'codeartifact', 'codecommit', 'dynamodb', 'ebs', 'elasticfilesystem', 'es', 'glue', 'kinesis',
  'kinesisvideo', 'lambda', 'lightsail', 'rds', 'redshift', 's3', 'secretsmanager', 'sns', 'sqs', 'ssm', 'xray',
]);

export const isPredefinedAlias = (aliasName: string): boolean =>
  aliasName.startsWith('alias/aws/') && MANAGED_KEY_SERVICES.has(aliasName.slice('alias/aws/'.length));

/** The AWS managed key alias/aws/<service> of an account and Region, created on first use. */
export async function ensureAwsManagedKey(
  tx: Transaction,
  deps: Pick<KmsDeps, 'keyring' | 'scheduler'>,
  place: KeyPlace & { now: number },
  service: string,
): Promise<LoadedKey> {
  const aliasName = `alias/aws/${service}`;
  const storageKey = aliasStorageKey(place, aliasName);
  const existing = await tx.get<JsonValue>(storageKey);
  if (existing) {
    const loaded = await loadKeyAt(tx, place, (existing.value as unknown as AliasRecord).targetKeyId);
    if (loaded) return loaded;
  }
  const loaded = await createKeyRecord(tx, deps, {
    place,
    now: place.now,
    description: `Default key that protects my ${service} data when no other key is defined`,
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    keyManager: 'AWS',
    multiRegion: false,
    policy: awsManagedKeyPolicy(service, place.partition, place.accountId, place.region),
    tags: [],
  });
  loaded.record.aliases = [aliasName];
  tx.put(loaded.storageKey, loaded.record as unknown as JsonValue);
  const alias: AliasRecord = { aliasName, targetKeyId: loaded.record.keyId, createdAt: place.now, updatedAt: place.now };
  tx.put(storageKey, alias as unknown as JsonValue);
  return loaded;
}

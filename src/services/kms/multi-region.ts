// ReplicateKey and UpdatePrimaryRegion. A replica has the same key id and material as its primary but
// its own policy, description, tags, grants and aliases; the material history is one record that the
// primary and every replica share, so a ciphertext made in one Region decrypts with the key in another
// and a rotation of the primary reaches every replica at once.
import { AwsError } from '../../errors.js';
import type { ReplicateKeyRequest, ReplicateKeyResponse, UpdatePrimaryRegionRequest } from '../../generated/kms/types.js';
import { isRegionName, partitionOf } from '../../identity/partitions.js';
import type { JsonValue } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { keyArn } from './arns.js';
import { checkedKey } from './conditions.js';
import { JOB_ROTATE_KEY, rotateKeyJobId, type KmsDeps } from './deps.js';
import { defaultKeyPolicy, lockoutRefusal, policyKeepsCallerInControl, validateKeyPolicy } from './key-policy.js';
import { keyMetadata } from './key-metadata.js';
import { keyStorageKey, loadKeyAt, placeOf, saveKey, type KeyRecord, type LoadedKey } from './key-record.js';
import { assertKeyState } from './key-states.js';
import { MAX_TAGS_PER_KEY, validateTags } from './tags.js';

function requireMultiRegion(loaded: LoadedKey): NonNullable<LoadedKey['multiRegion']> {
  if (!loaded.record.multiRegion || !loaded.multiRegion) {
    throw new AwsError('UnsupportedOperationException', `${loaded.record.arn} is not a multi-Region key.`);
  }
  return loaded.multiRegion;
}

function requirePrimary(loaded: LoadedKey): NonNullable<LoadedKey['multiRegion']> {
  const shared = requireMultiRegion(loaded);
  if (shared.record.primaryRegion !== loaded.record.region) {
    throw new AwsError('UnsupportedOperationException', `${loaded.record.arn} is not a multi-Region primary key. Its primary key is in ${shared.record.primaryRegion}.`);
  }
  return shared;
}

export async function ReplicateKey(input: ReplicateKeyRequest, ctx: HandlerContext, deps: KmsDeps): Promise<ReplicateKeyResponse> {
  const loaded = checkedKey(ctx);
  const primary = loaded.record;
  const shared = requirePrimary(loaded);
  assertKeyState(primary, 'not-pending-deletion');
  const region = input.ReplicaRegion;
  if (!isRegionName(region) || partitionOf(region) !== primary.partition) {
    throw new AwsError('ValidationException', `${region} is not a valid Region for a replica of ${primary.arn}.`);
  }
  if (region === primary.region) throw new AwsError('ValidationException', `The replica Region must differ from the primary key's Region (${region}).`);
  const replicaPlace = { ...placeOf(primary), region };
  const replicaArn = keyArn(replicaPlace, primary.keyId);
  if (shared.record.regions.includes(region)) throw new AwsError('AlreadyExistsException', `Key ${replicaArn} already exists.`);
  const tags = input.Tags ?? [];
  validateTags(tags);
  if (tags.length > MAX_TAGS_PER_KEY) throw new AwsError('LimitExceededException', `A KMS key can have at most ${MAX_TAGS_PER_KEY} tags.`);
  let policy = defaultKeyPolicy(primary.partition, primary.accountId);
  if (input.Policy !== undefined) {
    const statements = validateKeyPolicy(input.Policy);
    if (!input.BypassPolicyLockoutSafetyCheck && !policyKeepsCallerInControl(statements, input.Policy, ctx.principal, replicaArn, deps.evaluate)) throw lockoutRefusal();
    policy = input.Policy;
  }

  const replica: KeyRecord = {
    keyId: primary.keyId,
    arn: replicaArn,
    accountId: primary.accountId,
    region,
    partition: primary.partition,
    createdAt: ctx.now,
    description: input.Description ?? '',
    keySpec: primary.keySpec,
    keyUsage: primary.keyUsage,
    origin: primary.origin,
    keyManager: primary.keyManager,
    state: primary.origin === 'EXTERNAL' && !shared.record.materials.some((m) => m.sealed) ? 'PendingImport' : 'Enabled',
    policy,
    tags,
    aliases: [],
    rotation: { enabled: false, periodDays: primary.rotation.periodDays, onDemandCount: 0 },
    multiRegion: true,
    grantees: {},
    grantCount: 0,
  };
  shared.record.regions = [...shared.record.regions, region];
  const replicaLoaded: LoadedKey = { record: replica, storageKey: keyStorageKey(replicaPlace, primary.keyId), version: 0, multiRegion: shared };
  saveKey(ctx.tx, replicaLoaded);
  ctx.tx.put(loaded.storageKey, primary as unknown as JsonValue);

  // AWS answers while the replica is still being created; here creation is already complete.
  const metadata = keyMetadata(replicaLoaded);
  if (replica.state === 'Enabled') {
    metadata.KeyState = 'Creating';
    metadata.Enabled = false;
  }
  return { ReplicaKeyMetadata: metadata, ReplicaPolicy: policy, ReplicaTags: tags };
}

export async function UpdatePrimaryRegion(input: UpdatePrimaryRegionRequest, ctx: HandlerContext, deps: KmsDeps): Promise<Record<string, never>> {
  const loaded = checkedKey(ctx);
  const primary = loaded.record;
  const shared = requirePrimary(loaded);
  assertKeyState(primary, 'not-pending-deletion');
  const region = input.PrimaryRegion;
  if (region === primary.region) throw new AwsError('ValidationException', `${primary.arn} is already the primary key.`);
  if (!shared.record.regions.includes(region)) {
    throw new AwsError('NotFoundException', `Key '${keyArn({ ...placeOf(primary), region }, primary.keyId)}' does not exist`);
  }
  const replica = await loadKeyAt(ctx.tx, { ...placeOf(primary), region }, primary.keyId);
  if (!replica) throw new AwsError('NotFoundException', `Key '${keyArn({ ...placeOf(primary), region }, primary.keyId)}' does not exist`);
  assertKeyState(replica.record, 'not-pending-deletion');

  // The new primary takes over the rotation schedule.
  shared.record.primaryRegion = region;
  replica.record.rotation = { ...primary.rotation };
  primary.rotation = { enabled: false, periodDays: primary.rotation.periodDays, onDemandCount: primary.rotation.onDemandCount };
  await deps.scheduler.cancel(ctx.tx, rotateKeyJobId(primary.arn));
  if (replica.record.rotation.enabled && replica.record.rotation.nextAt !== undefined) {
    await deps.scheduler.schedule(ctx.tx, {
      id: rotateKeyJobId(replica.record.arn),
      type: JOB_ROTATE_KEY,
      dueAt: replica.record.rotation.nextAt,
      payload: { storageKey: replica.storageKey },
    });
  }
  replica.multiRegion = shared;
  saveKey(ctx.tx, loaded);
  saveKey(ctx.tx, replica);
  return {};
}

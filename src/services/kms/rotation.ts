// Key rotation: EnableKeyRotation (RotationPeriodInDays 90..2560, default 365), DisableKeyRotation,
// GetKeyRotationStatus, RotateKeyOnDemand (at most 25 per key), ListKeyRotations, and the scheduler job
// that rotates when due. A rotation adds backing material under the same key id: new encryptions use
// it, every older ciphertext still names and finds its own. Only symmetric encryption keys rotate;
// AWS managed keys rotate every year and that cannot be changed; a multi-Region key rotates at its
// primary and the new material reaches every replica (they share one history).
import { AwsError } from '../../errors.js';
import type {
  DisableKeyRotationRequest,
  EnableKeyRotationRequest,
  GetKeyRotationStatusRequest,
  GetKeyRotationStatusResponse,
  ListKeyRotationsRequest,
  ListKeyRotationsResponse,
  RotateKeyOnDemandRequest,
  RotateKeyOnDemandResponse,
  RotationsListEntry,
} from '../../generated/kms/types.js';
import type { JobHandler } from '../../scheduler/scheduler.js';
import type { JsonValue, StoreReader, Transaction } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { DAY_MS, JOB_ROTATE_KEY, rotateKeyJobId, type KmsDeps } from './deps.js';
import { loadKeyAt, materialsOf, placeOf, saveKey, type KeyRecord, type LoadedKey, type MaterialVersion } from './key-record.js';
import { assertKeyState, wrongOrigin } from './key-states.js';
import { generateMaterial, randomMaterialId, sealMaterial } from './material.js';
import { page, pageLimit } from './pagination.js';

export const MAX_ON_DEMAND_ROTATIONS = 25;
const CONFLICT_WINDOW_MS = 20 * 60_000;

function requireSymmetric(key: KeyRecord): void {
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') {
    throw new AwsError('UnsupportedOperationException', `${key.arn} key spec ${key.keySpec} does not support key rotation: only symmetric encryption KMS keys rotate.`);
  }
}

function requirePrimary(loaded: LoadedKey): void {
  const shared = loaded.multiRegion?.record;
  if (shared && shared.primaryRegion !== loaded.record.region) {
    throw new AwsError('UnsupportedOperationException', `${loaded.record.arn} is a multi-Region replica key: rotation is managed on its primary key in ${shared.primaryRegion}.`);
  }
}

function requireCustomerManaged(key: KeyRecord): void {
  if (key.keyManager === 'AWS') throw new AwsError('UnsupportedOperationException', `${key.arn} is an AWS managed key: KMS rotates it every year and that cannot be changed.`);
}

export async function EnableKeyRotation(input: EnableKeyRotationRequest, ctx: HandlerContext, deps: KmsDeps): Promise<Record<string, never>> {
  const loaded = checkedKey(ctx);
  const key = loaded.record;
  assertKeyState(key, 'enabled');
  requireSymmetric(key);
  requireCustomerManaged(key);
  if (key.origin !== 'AWS_KMS') throw wrongOrigin(key);
  requirePrimary(loaded);
  const periodDays = input.RotationPeriodInDays ?? 365;
  key.rotation = { ...key.rotation, enabled: true, periodDays, nextAt: ctx.now + periodDays * DAY_MS };
  saveKey(ctx.tx, loaded);
  await deps.scheduler.schedule(ctx.tx, { id: rotateKeyJobId(key.arn), type: JOB_ROTATE_KEY, dueAt: key.rotation.nextAt!, payload: { storageKey: loaded.storageKey } });
  return {};
}

export async function DisableKeyRotation(_input: DisableKeyRotationRequest, ctx: HandlerContext, deps: KmsDeps): Promise<Record<string, never>> {
  const loaded = checkedKey(ctx);
  const key = loaded.record;
  assertKeyState(key, 'enabled');
  requireSymmetric(key);
  requireCustomerManaged(key);
  if (key.origin !== 'AWS_KMS') throw wrongOrigin(key);
  requirePrimary(loaded);
  key.rotation = { ...key.rotation, enabled: false };
  delete key.rotation.nextAt;
  saveKey(ctx.tx, loaded);
  await deps.scheduler.cancel(ctx.tx, rotateKeyJobId(key.arn));
  return {};
}

/** The record whose rotation settings apply: a replica follows its primary. */
async function rotationOwner(reader: StoreReader, loaded: LoadedKey): Promise<KeyRecord> {
  const shared = loaded.multiRegion?.record;
  if (!shared || shared.primaryRegion === loaded.record.region) return loaded.record;
  const primary = await loadKeyAt(reader, { ...placeOf(loaded.record), region: shared.primaryRegion }, loaded.record.keyId);
  return primary?.record ?? loaded.record;
}

export async function GetKeyRotationStatus(_input: GetKeyRotationStatusRequest, ctx: HandlerContext): Promise<GetKeyRotationStatusResponse> {
  const loaded = checkedKey(ctx);
  requireSymmetric(loaded.record);
  const owner = await rotationOwner(ctx.tx, loaded);
  const response: GetKeyRotationStatusResponse = { KeyId: loaded.record.keyId, KeyRotationEnabled: owner.rotation.enabled };
  if (owner.rotation.enabled) {
    response.RotationPeriodInDays = owner.rotation.periodDays;
    if (owner.rotation.nextAt !== undefined) response.NextRotationDate = new Date(owner.rotation.nextAt);
  }
  if (owner.rotation.onDemandStartedAt !== undefined) response.OnDemandRotationStartDate = new Date(owner.rotation.onDemandStartedAt);
  return response;
}

/** Makes new material current (generated, or imported material waiting for rotation). */
export async function rotateMaterial(deps: Pick<KmsDeps, 'keyring'>, loaded: LoadedKey, now: number, type: 'AUTOMATIC' | 'ON_DEMAND'): Promise<void> {
  const key = loaded.record;
  const materials = materialsOf(loaded);
  let next: MaterialVersion;
  if (key.origin === 'EXTERNAL') {
    const pending = materials.find((m) => m.state === 'PENDING_ROTATION');
    if (!pending) throw new AwsError('KMSInvalidStateException', `${key.arn} has no imported key material pending rotation. Import new key material first.`);
    next = pending;
  } else {
    const version = Math.max(0, ...materials.map((m) => m.version)) + 1;
    next = sealMaterial(deps.keyring, key, version, await generateMaterial(key.keySpec), { id: randomMaterialId(), createdAt: now, state: 'PENDING_ROTATION' });
    materials.push(next);
  }
  for (const m of materials) if (m.state === 'CURRENT') m.state = 'NON_CURRENT';
  next.state = 'CURRENT';
  next.rotatedAt = now;
  next.rotationType = type;
  if (!key.multiRegion) key.materials = materials;
}

export async function RotateKeyOnDemand(_input: RotateKeyOnDemandRequest, ctx: HandlerContext, deps: KmsDeps): Promise<RotateKeyOnDemandResponse> {
  const loaded = checkedKey(ctx);
  const key = loaded.record;
  assertKeyState(key, 'enabled');
  requireSymmetric(key);
  if (key.keyManager === 'AWS') throw new AwsError('UnsupportedOperationException', `${key.arn} is an AWS managed key: you cannot rotate it on demand.`);
  requirePrimary(loaded);
  if (key.rotation.onDemandCount >= MAX_ON_DEMAND_ROTATIONS) {
    throw new AwsError('LimitExceededException', `${key.arn} has been rotated on demand ${MAX_ON_DEMAND_ROTATIONS} times, the most a KMS key allows.`);
  }
  if (key.rotation.enabled && key.rotation.nextAt !== undefined && key.rotation.nextAt - ctx.now < CONFLICT_WINDOW_MS) {
    throw new AwsError('ConflictException', `An automatic rotation of ${key.arn} is in progress or scheduled to begin within the next 20 minutes.`);
  }
  await rotateMaterial(deps, loaded, ctx.now, 'ON_DEMAND');
  key.rotation.onDemandCount += 1;
  saveKey(ctx.tx, loaded);
  return { KeyId: key.keyId };
}

export function ListKeyRotations(input: ListKeyRotationsRequest, ctx: HandlerContext): ListKeyRotationsResponse {
  const loaded = checkedKey(ctx);
  const key = loaded.record;
  requireSymmetric(key);
  const limit = pageLimit(input.Limit, 100, 1000);
  const all = input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL';
  const materials = materialsOf(loaded).filter((m) => all || m.rotationType !== undefined).sort((a, b) => a.version - b.version);
  const result = page(materials, (m) => String(m.version).padStart(10, '0'), limit, input.Marker);
  const response: ListKeyRotationsResponse = { Rotations: result.items.map((m) => rotationEntry(key, m)), Truncated: result.truncated };
  if (result.nextMarker) response.NextMarker = result.nextMarker;
  return response;
}

function rotationEntry(key: KeyRecord, material: MaterialVersion): RotationsListEntry {
  const entry: RotationsListEntry = { KeyId: key.keyId, KeyMaterialId: material.id, KeyMaterialState: material.state };
  if (material.rotatedAt !== undefined) entry.RotationDate = new Date(material.rotatedAt);
  if (material.rotationType !== undefined) entry.RotationType = material.rotationType;
  if (key.origin === 'EXTERNAL' && material.imported) {
    entry.ImportState = material.sealed ? 'IMPORTED' : 'PENDING_IMPORT';
    entry.ExpirationModel = material.imported.expirationModel;
    if (material.imported.validTo !== undefined) entry.ValidTo = new Date(material.imported.validTo);
    if (material.imported.description !== undefined) entry.KeyMaterialDescription = material.imported.description;
  }
  return entry;
}

/** The scheduler job: rotate an Enabled key whose rotation is due, then schedule the next one. */
export function rotateKeyJob(deps: Pick<KmsDeps, 'keyring'>): JobHandler {
  return async (job, jobCtx) => {
    const { storageKey } = job.payload as { storageKey: string };
    await jobCtx.store.transaction(async (tx: Transaction) => {
      const stored = await tx.get<JsonValue>(storageKey);
      const record = stored?.value as unknown as KeyRecord | undefined;
      if (!record || !record.rotation.enabled) return jobCtx.complete(tx);
      const loaded = await loadKeyAt(tx, placeOf(record), record.keyId);
      if (!loaded) return jobCtx.complete(tx);
      if (loaded.record.state !== 'Enabled') {
        // A disabled key does not rotate; look again in a day.
        return jobCtx.reschedule(tx, jobCtx.now + DAY_MS);
      }
      await rotateMaterial(deps, loaded, jobCtx.now, 'AUTOMATIC');
      loaded.record.rotation.nextAt = jobCtx.now + loaded.record.rotation.periodDays * DAY_MS;
      saveKey(tx, loaded);
      await jobCtx.reschedule(tx, loaded.record.rotation.nextAt);
    });
  };
}

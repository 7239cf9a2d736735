// ScheduleKeyDeletion and CancelKeyDeletion, and the scheduled deletion itself. A key pending deletion
// is unusable; when its window passes the scheduler deletes it with its material, aliases, grants and
// import parameters. A multi-Region primary with replicas waits in PendingReplicaDeletion until the
// last replica is deleted, then its own window starts. A cancelled deletion leaves the key Disabled.
import { AwsError } from '../../errors.js';
import type { CancelKeyDeletionRequest, CancelKeyDeletionResponse, ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse } from '../../generated/kms/types.js';
import type { JobHandler } from '../../scheduler/scheduler.js';
import type { JsonValue, Transaction } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { DAY_MS, deleteKeyJobId, expireMaterialJobId, JOB_DELETE_KEY, rotateKeyJobId, type KmsDeps } from './deps.js';
import {
  aliasStorageKey,
  keyGrantsPrefix,
  keyImportsPrefix,
  loadKeyAt,
  materialsOf,
  placeOf,
  saveKey,
  type KeyRecord,
  type LoadedKey,
} from './key-record.js';
import { assertKeyState } from './key-states.js';

export async function ScheduleKeyDeletion(input: ScheduleKeyDeletionRequest, ctx: HandlerContext, deps: KmsDeps): Promise<ScheduleKeyDeletionResponse> {
  const days = input.PendingWindowInDays ?? 30;
  if (days < 7 || days > 30) throw new AwsError('ValidationException', `PendingWindowInDays should be between 7 and 30, but it is ${days}`);
  const loaded = checkedKey(ctx);
  const key = loaded.record;
  assertKeyState(key, 'not-pending-deletion');
  const shared = loaded.multiRegion?.record;
  if (shared && shared.primaryRegion === key.region && shared.regions.length > 1) {
    key.state = 'PendingReplicaDeletion';
    key.pendingWindowInDays = days;
    saveKey(ctx.tx, loaded);
    return { KeyId: key.arn, KeyState: key.state, PendingWindowInDays: days };
  }
  await startDeletionWindow(ctx.tx, deps, loaded, days, ctx.now);
  return { KeyId: key.arn, DeletionDate: new Date(key.deletionDate!), KeyState: key.state, PendingWindowInDays: days };
}

async function startDeletionWindow(tx: Transaction, deps: Pick<KmsDeps, 'scheduler'>, loaded: LoadedKey, days: number, now: number): Promise<void> {
  const key = loaded.record;
  key.state = 'PendingDeletion';
  key.pendingWindowInDays = days;
  key.deletionDate = now + days * DAY_MS;
  saveKey(tx, loaded);
  await deps.scheduler.schedule(tx, { id: deleteKeyJobId(key.arn), type: JOB_DELETE_KEY, dueAt: key.deletionDate, payload: { storageKey: loaded.storageKey } });
}

export async function CancelKeyDeletion(_input: CancelKeyDeletionRequest, ctx: HandlerContext, deps: KmsDeps): Promise<CancelKeyDeletionResponse> {
  const loaded = checkedKey(ctx);
  const key = loaded.record;
  if (key.state !== 'PendingReplicaDeletion') assertKeyState(key, 'pending-deletion');
  key.state = 'Disabled';
  delete key.deletionDate;
  delete key.pendingWindowInDays;
  saveKey(ctx.tx, loaded);
  await deps.scheduler.cancel(ctx.tx, deleteKeyJobId(key.arn));
  return { KeyId: key.arn };
}

/** Deletes a key and everything that belongs to it, in `tx`. */
export async function deleteKeyNow(tx: Transaction, deps: Pick<KmsDeps, 'scheduler'>, loaded: LoadedKey, now: number): Promise<void> {
  const key = loaded.record;
  const place = placeOf(key);
  tx.delete(loaded.storageKey);
  for (const alias of key.aliases) tx.delete(aliasStorageKey(place, alias));
  for (const prefix of [keyGrantsPrefix(place, key.keyId), keyImportsPrefix(place, key.keyId)]) {
    for (const entry of await tx.list({ prefix })) tx.delete(entry.key);
  }
  await deps.scheduler.cancel(tx, rotateKeyJobId(key.arn));
  for (const material of materialsOf(loaded)) await deps.scheduler.cancel(tx, expireMaterialJobId(key.arn, material.id));
  const shared = loaded.multiRegion;
  if (!shared) return;
  // The shared material stays while any Region still holds the key.
  shared.record.regions = shared.record.regions.filter((r) => r !== key.region);
  if (shared.record.regions.length === 0) {
    tx.delete(shared.storageKey);
    return;
  }
  tx.put(shared.storageKey, shared.record as unknown as JsonValue);
  // A primary waiting for its replicas starts its own window once the last one is gone.
  if (shared.record.regions.length === 1 && shared.record.primaryRegion !== key.region) {
    const primary = await loadKeyAt(tx, { ...place, region: shared.record.primaryRegion }, key.keyId);
    if (primary && primary.record.state === 'PendingReplicaDeletion') {
      primary.multiRegion = shared;
      await startDeletionWindow(tx, deps, primary, primary.record.pendingWindowInDays ?? 30, now);
    }
  }
}

/** The scheduler job: delete the key if it is still pending deletion and its date has come. */
export function deleteKeyJob(deps: Pick<KmsDeps, 'scheduler'>): JobHandler {
  return async (job, jobCtx) => {
    const { storageKey } = job.payload as { storageKey: string };
    await jobCtx.store.transaction(async (tx) => {
      const stored = await tx.get<JsonValue>(storageKey);
      if (stored) {
        const record = stored.value as unknown as KeyRecord;
        if (record.state === 'PendingDeletion' && (record.deletionDate ?? Infinity) <= jobCtx.now) {
          const loaded = await loadKeyAt(tx, placeOf(record), record.keyId);
          if (loaded) await deleteKeyNow(tx, deps, loaded, jobCtx.now);
        }
      }
      await jobCtx.complete(tx);
    });
  };
}

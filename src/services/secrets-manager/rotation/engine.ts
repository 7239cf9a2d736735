// The rotation engine: a durable scheduler job per secret runs the four steps (createSecret,
// setSecret, testSecret, finishSecret) with AWSPENDING, outside any request transaction, when due.
// A failed step leaves AWSCURRENT where it was and the new version AWSPENDING; as AWS does, the whole
// rotation is retried (same version, same ClientRequestToken) during the open rotation window:
// Rampart retries after 5, 10, 20 and 40 minutes while the window is open (AWS does not publish its
// intervals). When the window closes the rotation is left pending and reattempted in the next window
// (RotateSecret meanwhile answers "A previous rotation isn't complete"). An immediate rotation's window
// is one hour. The job lives in storage, so a restart loses nothing; a worker that dies mid-rotation
// leaves the job to run again when its lease ends, and the steps are safe to repeat.
import { randomUUID } from 'node:crypto';
import type { JobHandler } from '../../../scheduler/scheduler.js';
import type { JsonValue, Transaction } from '../../../storage/types.js';
import type { SecretPlace } from '../arns.js';
import { JOB_ROTATE, rotateJobId, type SmDeps } from '../deps.js';
import { HOUR_MS, loadSecret, placeOf, saveSecret, valueStorageKey, type LoadedSecret, type SecretRecord } from '../records.js';
import { syncReplicas } from '../replication.js';
import { momentIn, nextWindow } from '../schedule.js';
import { addVersion, currentVersionId, PENDING, versionWithStage } from '../versions.js';
import { rotationAccess } from './access.js';
import { runBuiltinStep } from './builtin.js';
import { invokeExternal, type RotationEvent, type RotationStep } from './functions.js';

export const RETRY_DELAYS_MS = [5, 10, 20, 40].map((minutes) => minutes * 60_000);
export const IMMEDIATE_WINDOW_MS = HOUR_MS;
const STEPS: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

export interface RotateJobPayload {
  place: SecretPlace;
  name: string;
  arn: string;
  windowEnd: number;
  /** RotateSecret with RotateImmediately: runs even when the schedule is off. */
  immediate?: boolean;
}

/** The next scheduled rotation (a random moment in the next window), or undefined when there is no schedule. */
export function nextRotation(record: SecretRecord, now: number, lastRotation: number): { dueAt: number; windowEnd: number } | undefined {
  const rotation = record.rotation;
  if (!rotation?.enabled || !rotation.lambdaArn || !rotation.rules) return undefined;
  const window = nextWindow(rotation.rules, now, lastRotation);
  if (!window) return undefined;
  return { dueAt: momentIn(window, now), windowEnd: window.end };
}

const payloadOf = (record: SecretRecord, windowEnd: number, immediate = false): RotateJobPayload => ({
  place: placeOf(record),
  name: record.name,
  arn: record.arn,
  windowEnd,
  ...(immediate ? { immediate } : {}),
});

/** Schedules (or cancels) the next rotation of `record` in `tx`, and sets NextRotationDate. */
export async function scheduleRotation(deps: Pick<SmDeps, 'scheduler'>, tx: Transaction, record: SecretRecord, now: number, lastRotation: number): Promise<void> {
  const next = nextRotation(record, now, lastRotation);
  if (!next) {
    if (record.rotation) delete record.rotation.nextRotationAt;
    await deps.scheduler.cancel(tx, rotateJobId(record.arn));
    return;
  }
  record.rotation!.nextRotationAt = next.windowEnd;
  await deps.scheduler.schedule(tx, { id: rotateJobId(record.arn), type: JOB_ROTATE, dueAt: next.dueAt, payload: payloadOf(record, next.windowEnd) as unknown as JsonValue });
}

/**
 * Starts a rotation now (RotateSecret): the new version, empty and labelled AWSPENDING, exists when the
 * request returns; the job fills it through the rotation function.
 */
export async function startRotation(deps: Pick<SmDeps, 'scheduler'>, tx: Transaction, loaded: LoadedSecret, token: string, now: number): Promise<void> {
  const record = loaded.record;
  if (!record.versions[token]) {
    const pruned = addVersion(record, token, { createdAt: now, kmsKeyArns: [], hasValue: false }, [PENDING], now);
    for (const id of pruned) tx.delete(valueStorageKey(placeOf(record), record.id, id));
  } else if (!record.versions[token].stages.includes(PENDING)) {
    // An existing version reused as the token keeps its content; it only takes the label.
    addVersion(record, token, record.versions[token], [...record.versions[token].stages, PENDING], now);
  }
  const windowEnd = now + IMMEDIATE_WINDOW_MS;
  record.rotation!.inProgress = { token, rotationToken: randomUUID(), startedAt: now, attempts: 0, windowEnd };
  await deps.scheduler.schedule(tx, { id: rotateJobId(record.arn), type: JOB_ROTATE, dueAt: now, payload: payloadOf(record, windowEnd, true) as unknown as JsonValue });
}

export function rotateJob(deps: SmDeps): JobHandler {
  return async (job, jobCtx) => {
    const payload = job.payload as unknown as RotateJobPayload;
    const started = await jobCtx.store.transaction(async (tx) => {
      const loaded = await loadSecret(tx, payload.place, payload.name);
      const record = loaded?.record;
      const rotation = record?.rotation;
      if (!loaded || !record || !rotation || record.arn !== payload.arn || record.deletionDate !== undefined || record.primaryRegion !== undefined || !rotation.lambdaArn || (!rotation.enabled && !payload.immediate)) {
        await jobCtx.complete(tx);
        return undefined;
      }
      const now = deps.clock.now();
      let token = rotation.inProgress?.token;
      if (token === undefined || !record.versions[token]?.stages.includes(PENDING)) {
        const pending = versionWithStage(record, PENDING);
        // An earlier rotation that never finished is reattempted with its own version.
        token = pending !== undefined && pending !== currentVersionId(record) ? pending : randomUUID();
        if (!record.versions[token]) {
          const pruned = addVersion(record, token, { createdAt: now, kmsKeyArns: [], hasValue: false }, [PENDING], now);
          for (const id of pruned) tx.delete(valueStorageKey(placeOf(record), record.id, id));
        }
      }
      const same = rotation.inProgress?.token === token;
      rotation.inProgress = {
        token,
        rotationToken: same ? rotation.inProgress!.rotationToken : randomUUID(),
        startedAt: same ? rotation.inProgress!.startedAt : now,
        attempts: (same ? rotation.inProgress!.attempts : 0) + 1,
        windowEnd: Math.max(payload.windowEnd, same ? rotation.inProgress!.windowEnd : 0),
      };
      await syncReplicas(deps, tx, record, now);
      saveSecret(tx, loaded);
      return { token, rotationToken: rotation.inProgress.rotationToken, lambdaArn: rotation.lambdaArn };
    });
    if (!started) return;

    const failure = await runSteps(deps, payload, started);

    await jobCtx.store.transaction(async (tx) => {
      const loaded = await loadSecret(tx, payload.place, payload.name);
      const record = loaded?.record;
      const rotation = record?.rotation;
      const inProgress = rotation?.inProgress;
      if (!loaded || !record || !rotation || !inProgress || record.arn !== payload.arn || inProgress.token !== started.token) {
        // Cancelled or deleted meanwhile: nothing to record.
        await jobCtx.complete(tx);
        return;
      }
      const now = deps.clock.now();
      const reason = failure ?? (currentVersionId(record) === started.token ? undefined : 'finishSecret: the rotation function did not move AWSCURRENT to the new version');
      if (reason === undefined) {
        rotation.lastRotatedAt = now;
        delete rotation.inProgress;
        delete rotation.lastFailure;
        await finishJob(deps, tx, jobCtx, record, now, now);
      } else {
        rotation.lastFailure = reason;
        deps.logger.warn({ secretArn: record.arn, attempt: inProgress.attempts, reason }, 'secret rotation failed');
        const delay = RETRY_DELAYS_MS[inProgress.attempts - 1];
        if (delay !== undefined && now + delay < inProgress.windowEnd) {
          await jobCtx.reschedule(tx, now + delay, { ...payload, windowEnd: inProgress.windowEnd } as unknown as JsonValue);
        } else {
          // The window closed: the version stays AWSPENDING and the next window reattempts it.
          delete rotation.inProgress;
          await finishJob(deps, tx, jobCtx, record, now, rotation.lastRotatedAt ?? now);
        }
      }
      await syncReplicas(deps, tx, record, now);
      saveSecret(tx, loaded);
    });
  };
}

/** Ends this run: moves the job to the next scheduled rotation, or completes it when there is none. */
async function finishJob(deps: SmDeps, tx: Transaction, jobCtx: Parameters<JobHandler>[1], record: SecretRecord, now: number, lastRotation: number): Promise<void> {
  const next = nextRotation(record, now, lastRotation);
  if (!next) {
    delete record.rotation!.nextRotationAt;
    await jobCtx.complete(tx);
    return;
  }
  record.rotation!.nextRotationAt = next.windowEnd;
  await jobCtx.reschedule(tx, next.dueAt, payloadOf(record, next.windowEnd) as unknown as JsonValue);
}

/** Runs the four steps; resolves with the reason of the first failure, or undefined. */
async function runSteps(deps: SmDeps, payload: RotateJobPayload, started: { token: string; rotationToken: string; lambdaArn: string }): Promise<string | undefined> {
  const target = deps.rotationFunctions.resolve(started.lambdaArn);
  if (!target) return `Secrets Manager cannot invoke the rotation function ${started.lambdaArn}`;
  const access = rotationAccess(deps, payload.place, payload.name, payload.arn);
  for (const step of STEPS) {
    if (!(await stillRotating(deps, payload, started.token))) return 'the rotation was cancelled';
    const event: RotationEvent = { Step: step, SecretId: payload.arn, ClientRequestToken: started.token, RotationToken: started.rotationToken };
    try {
      if (target.kind === 'builtin') await runBuiltinStep(target.strategy, step, started.token, access);
      else await invokeExternal(target, event);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return message.startsWith(step) ? message : `${step}: ${message}`;
    }
  }
  return undefined;
}

async function stillRotating(deps: SmDeps, payload: RotateJobPayload, token: string): Promise<boolean> {
  const loaded = await loadSecret(deps.store, payload.place, payload.name);
  const record = loaded?.record;
  return !!record && record.arn === payload.arn && record.deletionDate === undefined && record.rotation?.inProgress?.token === token;
}

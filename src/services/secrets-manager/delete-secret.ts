// DeleteSecret (a recovery window of 7 to 30 days, 30 by default, or at once with
// ForceDeleteWithoutRecovery), RestoreSecret, and the scheduler job that deletes when the window
// ends. A secret waiting for deletion keeps its metadata (DescribeSecret shows DeletedDate) but refuses
// reads and changes; a primary with replicas must drop them first.
import type { DeleteSecretRequest, DeleteSecretResponse, RestoreSecretRequest, RestoreSecretResponse } from '../../generated/secrets-manager/types.js';
import type { JobHandler } from '../../scheduler/scheduler.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { existing, resolveFor } from './common.js';
import { checkedSecret, secretCheck } from './conditions.js';
import { deleteJobId, JOB_DELETE, rotateJobId, type SmDeps } from './deps.js';
import { invalidParameter, markedForDeletion, secretNotFound } from './errors.js';
import { DAY_MS, deleteSecretNow, loadSecret, saveSecret } from './records.js';
import type { SecretPlace } from './arns.js';
import { refuseReplica, syncReplicas } from './replication.js';
import { scheduleRotation } from './rotation/engine.js';

export async function authorizeDeleteSecret(input: DeleteSecretRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  return [
    secretCheck('secretsmanager:DeleteSecret', await resolveFor(ctx, input.SecretId), {
      'secretsmanager:RecoveryWindowInDays': input.RecoveryWindowInDays,
      'secretsmanager:ForceDeleteWithoutRecovery': input.ForceDeleteWithoutRecovery,
    }),
  ];
}

export async function DeleteSecret(input: DeleteSecretRequest, ctx: HandlerContext, deps: SmDeps): Promise<DeleteSecretResponse> {
  const force = input.ForceDeleteWithoutRecovery ?? false;
  if (force && input.RecoveryWindowInDays !== undefined) {
    throw invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  }
  const days = input.RecoveryWindowInDays ?? 30;
  if (!Number.isInteger(days) || days < 7 || days > 30) throw invalidParameter('The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
  const resolved = checkedSecret(ctx);
  if (!resolved.loaded) {
    // AWS answers a forced deletion of a secret that does not exist as done.
    if (force) return { ARN: resolved.arn, Name: input.SecretId.startsWith('arn:') ? input.SecretId.slice(input.SecretId.indexOf(':secret:') + 8) : input.SecretId, DeletionDate: new Date(ctx.now) };
    throw secretNotFound();
  }
  const loaded = resolved.loaded;
  const record = loaded.record;
  refuseReplica(record);
  if (record.replicas?.length) {
    throw invalidParameter(`You can't delete secret ${record.name} that still has replica regions [${record.replicas.map((r) => r.region).join(',')}]`);
  }
  await deps.scheduler.cancel(ctx.tx, rotateJobId(record.arn));
  if (force) {
    await deps.scheduler.cancel(ctx.tx, deleteJobId(record.arn));
    await deleteSecretNow(ctx.tx, loaded);
    return { ARN: record.arn, Name: record.name, DeletionDate: new Date(ctx.now) };
  }
  if (record.deletionDate !== undefined) throw markedForDeletion();
  record.deletionDate = ctx.now + days * DAY_MS;
  record.lastChangedAt = ctx.now;
  if (record.rotation) delete record.rotation.inProgress;
  await deps.scheduler.schedule(ctx.tx, {
    id: deleteJobId(record.arn),
    type: JOB_DELETE,
    dueAt: record.deletionDate,
    payload: { place: { ...resolved.place }, name: record.name, arn: record.arn },
  });
  await syncReplicas(deps, ctx.tx, record, ctx.now);
  saveSecret(ctx.tx, loaded);
  return { ARN: record.arn, Name: record.name, DeletionDate: new Date(record.deletionDate) };
}

export async function authorizeRestoreSecret(input: RestoreSecretRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  return [secretCheck('secretsmanager:RestoreSecret', await resolveFor(ctx, input.SecretId))];
}

export async function RestoreSecret(_input: RestoreSecretRequest, ctx: HandlerContext, deps: SmDeps): Promise<RestoreSecretResponse> {
  const loaded = existing(checkedSecret(ctx));
  const record = loaded.record;
  refuseReplica(record);
  if (record.deletionDate !== undefined) {
    delete record.deletionDate;
    record.lastChangedAt = ctx.now;
    await deps.scheduler.cancel(ctx.tx, deleteJobId(record.arn));
    if (record.rotation?.enabled) await scheduleRotation(deps, ctx.tx, record, ctx.now, record.rotation.lastRotatedAt ?? ctx.now);
    await syncReplicas(deps, ctx.tx, record, ctx.now);
    saveSecret(ctx.tx, loaded);
  }
  return { ARN: record.arn, Name: record.name };
}

/** The scheduler job: delete the secret if it is still waiting and its date has come. */
export function deleteSecretJob(): JobHandler {
  return async (job, jobCtx) => {
    const { place, name, arn } = job.payload as unknown as { place: SecretPlace; name: string; arn: string };
    await jobCtx.store.transaction(async (tx) => {
      const loaded = await loadSecret(tx, place, name);
      const record = loaded?.record;
      if (loaded && record && record.arn === arn && record.deletionDate !== undefined && record.deletionDate <= jobCtx.now) {
        await deleteSecretNow(tx, loaded);
      }
      await jobCtx.complete(tx);
    });
  };
}

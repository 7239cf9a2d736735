// PutSecretValue: a new version (AWSCURRENT unless VersionStages says otherwise), idempotent by
// ClientRequestToken; also how a rotation function fills the AWSPENDING version. A new AWSCURRENT set
// by hand counts as a rotation for schedules that count from the last rotation.
import { randomUUID } from 'node:crypto';
import type { PutSecretValueRequest, PutSecretValueResponse } from '../../generated/secrets-manager/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { oneValue, resolveFor, writable } from './common.js';
import { secretCheck } from './conditions.js';
import type { SmDeps } from './deps.js';
import { plainValue } from './encryption.js';
import { invalidRequest } from './errors.js';
import { keyIdOf, planOf, sealCheck, withPlan, type Plan } from './plan.js';
import { saveSecret, type LoadedSecret } from './records.js';
import { syncReplicas } from './replication.js';
import { scheduleRotation } from './rotation/engine.js';
import { defaultStages, writeVersion } from './values.js';
import { currentVersionId } from './versions.js';

export async function authorizeNewValue(
  deps: SmDeps,
  action: string,
  input: { SecretId: string; ClientRequestToken?: string; SecretString?: string; SecretBinary?: Uint8Array; KmsKeyId?: string },
  ctx: AuthorizationContext,
  context: Record<string, string | undefined> = {},
): Promise<{ checks: AuthorizationCheck[]; plan: Plan }> {
  const resolved = await resolveFor(ctx, input.SecretId);
  const plan: Plan = { resolved };
  const checks = [withPlan(secretCheck(action, resolved, context), plan)];
  const record = resolved.loaded?.record;
  const hasValue = input.SecretString !== undefined || input.SecretBinary !== undefined;
  if (record && record.deletionDate === undefined && record.primaryRegion === undefined && hasValue) {
    const versionId = input.ClientRequestToken ?? randomUUID();
    const keyId = input.KmsKeyId || keyIdOf(record);
    plan.seal = { versionId, arn: record.arn, check: await sealCheck(deps, ctx, { arn: record.arn, keyId }, versionId) };
    checks.push(plan.seal.check);
  }
  return { checks, plan };
}

export async function authorizePutSecretValue(deps: SmDeps, input: PutSecretValueRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  return (await authorizeNewValue(deps, 'secretsmanager:PutSecretValue', input, ctx)).checks;
}

/** After AWSCURRENT moved by hand: day-counted schedules count from now (AWS treats it as a rotation). */
export async function afterManualChange(deps: Pick<SmDeps, 'scheduler'>, ctx: Pick<HandlerContext, 'tx' | 'now'>, loaded: LoadedSecret, previousCurrent: string | undefined): Promise<void> {
  const rotation = loaded.record.rotation;
  if (!rotation?.enabled || rotation.inProgress || currentVersionId(loaded.record) === previousCurrent) return;
  await scheduleRotation(deps, ctx.tx, loaded.record, ctx.now, ctx.now);
}

export async function PutSecretValue(input: PutSecretValueRequest, ctx: HandlerContext, deps: SmDeps): Promise<PutSecretValueResponse> {
  const plan = planOf(ctx);
  const loaded = writable(plan.resolved);
  oneValue(input);
  const value = plainValue(input);
  if (!value || !plan.seal) throw invalidRequest('You must provide either SecretString or SecretBinary.');
  const record = loaded.record;
  const previousCurrent = currentVersionId(record);
  const { versionId } = plan.seal;
  const stages = defaultStages(input.VersionStages);
  const { outcome } = await writeVersion(deps, ctx.tx, loaded, versionId, value, stages, plan.seal.check, ctx.now);
  if (outcome !== 'unchanged') {
    await afterManualChange(deps, ctx, loaded, previousCurrent);
    await syncReplicas(deps, ctx.tx, record, ctx.now, new Map([[versionId, value]]));
    saveSecret(ctx.tx, loaded);
  }
  return { ARN: record.arn, Name: record.name, VersionId: versionId, VersionStages: [...(record.versions[versionId]?.stages ?? stages)] };
}


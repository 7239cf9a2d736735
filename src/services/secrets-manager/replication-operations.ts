// ReplicateSecretToRegions, RemoveRegionsFromReplication (called on the primary) and
// StopReplicationToReplica (called on the replica, in its Region: it becomes a standalone secret).
import type {
  RemoveRegionsFromReplicationRequest,
  RemoveRegionsFromReplicationResponse,
  ReplicateSecretToRegionsRequest,
  ReplicateSecretToRegionsResponse,
  StopReplicationToReplicaRequest,
  StopReplicationToReplicaResponse,
} from '../../generated/secrets-manager/types.js';
import { isRegionName } from '../../identity/partitions.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { callerPlace, live, resolveFor, writable } from './common.js';
import { checkedSecret, secretCheck } from './conditions.js';
import { validateReplicaRegions } from './create-secret.js';
import { MANAGED_KEY_ALIAS, type SmDeps } from './deps.js';
import { invalidParameter } from './errors.js';
import { planOf, sealCheck, withPlan, type Plan } from './plan.js';
import { loadSecret, saveSecret } from './records.js';
import { addReplicas, removeReplicas, replicaArn, replicationStatus } from './replication.js';
import { currentVersionId } from './versions.js';

export async function authorizeReplicateSecretToRegions(deps: SmDeps, input: ReplicateSecretToRegionsRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  const resolved = await resolveFor(ctx, input.SecretId);
  const plan: Plan = { resolved, replicaSeals: {} };
  const checks = [
    withPlan(
      secretCheck('secretsmanager:ReplicateSecretToRegions', resolved, {
        'secretsmanager:AddReplicaRegions': input.AddReplicaRegions.map((r) => r.Region ?? ''),
        'secretsmanager:ForceOverwriteReplicaSecret': input.ForceOverwriteReplicaSecret ?? false,
      }),
      plan,
    ),
  ];
  const record = resolved.loaded?.record;
  const current = record && currentVersionId(record);
  if (record && current !== undefined && record.deletionDate === undefined && record.primaryRegion === undefined) {
    // The caller's permission to encrypt under each replica's key (checked on the current version).
    for (const replica of input.AddReplicaRegions) {
      if (!replica.Region || !isRegionName(replica.Region) || replica.Region === ctx.region || plan.replicaSeals![replica.Region]) continue;
      const check = await sealCheck(deps, ctx, { arn: replicaArn(record, replica.Region), keyId: replica.KmsKeyId || MANAGED_KEY_ALIAS, region: replica.Region }, current);
      plan.replicaSeals![replica.Region] = check;
      checks.push(check);
    }
  }
  return checks;
}

export async function ReplicateSecretToRegions(input: ReplicateSecretToRegionsRequest, ctx: HandlerContext, deps: SmDeps): Promise<ReplicateSecretToRegionsResponse> {
  const plan = planOf(ctx);
  const loaded = writable(plan.resolved);
  const record = loaded.record;
  const regions = validateReplicaRegions(input.AddReplicaRegions, record.region);
  await addReplicas(deps, ctx.tx, record, regions.map((r) => ({ ...r, seal: plan.replicaSeals?.[r.region] })), input.ForceOverwriteReplicaSecret ?? false, ctx.now, new Map());
  record.lastChangedAt = ctx.now;
  saveSecret(ctx.tx, loaded);
  return { ARN: record.arn, ReplicationStatus: await replicationStatus(ctx.tx, record) };
}

export async function authorizeRemoveRegionsFromReplication(input: RemoveRegionsFromReplicationRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  return [secretCheck('secretsmanager:RemoveRegionsFromReplication', await resolveFor(ctx, input.SecretId))];
}

export async function RemoveRegionsFromReplication(input: RemoveRegionsFromReplicationRequest, ctx: HandlerContext): Promise<RemoveRegionsFromReplicationResponse> {
  const loaded = writable(checkedSecret(ctx));
  const record = loaded.record;
  for (const region of input.RemoveReplicaRegions) {
    if (!record.replicas?.some((r) => r.region === region)) throw invalidParameter(`Region ${region} is not a replica region of the secret.`);
  }
  await removeReplicas(ctx.tx, record, input.RemoveReplicaRegions);
  record.lastChangedAt = ctx.now;
  saveSecret(ctx.tx, loaded);
  return { ARN: record.arn, ReplicationStatus: await replicationStatus(ctx.tx, record) };
}

export async function authorizeStopReplicationToReplica(input: StopReplicationToReplicaRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  return [secretCheck('secretsmanager:StopReplicationToReplica', await resolveFor(ctx, input.SecretId))];
}

export async function StopReplicationToReplica(_input: StopReplicationToReplicaRequest, ctx: HandlerContext): Promise<StopReplicationToReplicaResponse> {
  const loaded = live(checkedSecret(ctx));
  const replica = loaded.record;
  if (replica.primaryRegion === undefined) throw invalidParameter('The secret is not a replica secret.');
  const primary = await loadSecret(ctx.tx, { ...callerPlace(ctx), accountId: replica.accountId, region: replica.primaryRegion }, replica.name);
  if (primary && primary.record.replicas?.some((r) => r.region === replica.region)) {
    primary.record.replicas = primary.record.replicas.filter((r) => r.region !== replica.region);
    if (primary.record.replicas.length === 0) delete primary.record.replicas;
    primary.record.lastChangedAt = ctx.now;
    saveSecret(ctx.tx, primary);
  }
  delete replica.primaryRegion;
  replica.lastChangedAt = ctx.now;
  saveSecret(ctx.tx, loaded);
  return { ARN: replica.arn };
}

// CreateSecret: a new secret, with its first version when a value is given (AWSCURRENT), encrypted
// under KmsKeyId or alias/aws/secretsmanager (created on first use), optionally replicated. The ARN's
// random suffix and the version id are chosen by the authorization entry, because the KMS encryption
// context (SecretARN, SecretVersionId) is authorized before the handler runs.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../errors.js';
import type { CreateSecretRequest, CreateSecretResponse } from '../../generated/secrets-manager/types.js';
import { isRegionName } from '../../identity/partitions.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { NAME_PATTERN, randomSuffix, secretArn } from './arns.js';
import { callerPlace, oneValue } from './common.js';
import { requestTagConditions, secretCheck } from './conditions.js';
import { MANAGED_KEY_ALIAS, type SmDeps } from './deps.js';
import { plainValue } from './encryption.js';
import { invalidParameter, invalidRequest } from './errors.js';
import { planOf, sealCheck, type Plan } from './plan.js';
import { loadSecret, loadValue, saveSecret, secretStorageKey, type LoadedSecret, type SecretRecord } from './records.js';
import { addReplicas, normalizeKeyId, replicationStatus } from './replication.js';
import { validateTags } from './tags.js';
import { writeVersion } from './values.js';
import { CURRENT } from './versions.js';

export async function authorizeCreateSecret(deps: SmDeps, input: CreateSecretRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  const place = callerPlace(ctx);
  const existing = await loadSecret(ctx.tx, place, input.Name);
  const arn = existing?.record.arn ?? secretArn(place, input.Name, randomSuffix());
  const resolved = { place, loaded: existing, arn };
  const plan: Plan = { resolved, created: { id: randomUUID(), arn } };
  const context: Record<string, string | boolean | string[] | undefined> = {
    'secretsmanager:Name': input.Name,
    'secretsmanager:Description': input.Description,
    'secretsmanager:KmsKeyId': input.KmsKeyId,
    'secretsmanager:ForceOverwriteReplicaSecret': input.ForceOverwriteReplicaSecret,
    ...requestTagConditions(input.Tags),
  };
  if (input.AddReplicaRegions?.length) context['secretsmanager:AddReplicaRegions'] = input.AddReplicaRegions.map((r) => r.Region ?? '');
  const main = secretCheck('secretsmanager:CreateSecret', resolved, context);
  main.resource = { ...main.resource, loaded: plan };
  const checks = [main];
  if (input.Tags?.length) checks.push(secretCheck('secretsmanager:TagResource', resolved, requestTagConditions(input.Tags)));
  if (input.AddReplicaRegions?.length) {
    checks.push(secretCheck('secretsmanager:ReplicateSecretToRegions', resolved, { 'secretsmanager:AddReplicaRegions': context['secretsmanager:AddReplicaRegions'] }));
  }
  const hasValue = input.SecretString !== undefined || input.SecretBinary !== undefined;
  if (hasValue && !existing) {
    const versionId = input.ClientRequestToken ?? randomUUID();
    plan.seal = { versionId, arn, check: await sealCheck(deps, ctx, { arn, keyId: input.KmsKeyId || MANAGED_KEY_ALIAS }, versionId) };
    checks.push(plan.seal.check);
    plan.replicaSeals = {};
    for (const replica of input.AddReplicaRegions ?? []) {
      if (!replica.Region || !isRegionName(replica.Region) || replica.Region === ctx.region || plan.replicaSeals[replica.Region]) continue;
      const replicaArn = arn.replace(`:${ctx.region}:`, `:${replica.Region}:`);
      const check = await sealCheck(deps, ctx, { arn: replicaArn, keyId: replica.KmsKeyId || MANAGED_KEY_ALIAS, region: replica.Region }, versionId);
      plan.replicaSeals[replica.Region] = check;
      checks.push(check);
    }
  }
  return checks;
}

export function validateReplicaRegions(regions: CreateSecretRequest['AddReplicaRegions'], primaryRegion: string): { region: string; kmsKeyId?: string }[] {
  const seen = new Set<string>();
  return (regions ?? []).map((replica) => {
    const region = replica.Region;
    if (!region || !isRegionName(region)) throw invalidParameter(`Invalid replica region: ${region ?? ''}`);
    if (region === primaryRegion) throw invalidParameter('Invalid replica region.');
    if (seen.has(region)) throw invalidParameter(`Duplicate replica region: ${region}`);
    seen.add(region);
    return { region, ...(replica.KmsKeyId ? { kmsKeyId: replica.KmsKeyId } : {}) };
  });
}

export async function CreateSecret(input: CreateSecretRequest, ctx: HandlerContext, deps: SmDeps): Promise<CreateSecretResponse> {
  const plan = planOf(ctx);
  if (!NAME_PATTERN.test(input.Name)) {
    throw invalidParameter('Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');
  }
  oneValue(input);
  const tags = validateTags(input.Tags ?? []);
  if (tags.length > 50) throw new AwsError('LimitExceededException', 'A secret can have at most 50 tags.');
  const replicas = validateReplicaRegions(input.AddReplicaRegions, ctx.region);
  const value = plainValue(input);
  const existing = plan.resolved.loaded;
  if (existing) {
    if (existing.record.deletionDate !== undefined) {
      throw invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
    }
    // A retried request (same ClientRequestToken and value) succeeds without change.
    const token = input.ClientRequestToken;
    if (token !== undefined && value && existing.record.versions[token]?.hasValue) {
      const fingerprint = await deps.fingerprints.of(ctx.tx, token, value);
      const stored = await loadValue(ctx.tx, existing.record, token);
      if (stored?.fingerprint === fingerprint) return { ARN: existing.record.arn, Name: existing.record.name, VersionId: token };
    }
    throw new AwsError('ResourceExistsException', `The operation failed because the secret ${input.Name} already exists.`);
  }
  const place = plan.resolved.place;
  const record: SecretRecord = {
    id: plan.created!.id,
    arn: plan.created!.arn,
    name: input.Name,
    ...place,
    tags,
    createdAt: ctx.now,
    lastChangedAt: ctx.now,
    versions: {},
  };
  if (input.Description !== undefined) record.description = input.Description;
  const kmsKeyId = input.KmsKeyId ? normalizeKeyId(input.KmsKeyId, place) : undefined;
  if (kmsKeyId) record.kmsKeyId = kmsKeyId;
  const loaded: LoadedSecret = { record, storageKey: secretStorageKey(place, input.Name) };
  const response: CreateSecretResponse = { ARN: record.arn, Name: record.name };
  if (value && plan.seal) {
    await writeVersion(deps, ctx.tx, loaded, plan.seal.versionId, value, [CURRENT], plan.seal.check, ctx.now);
    response.VersionId = plan.seal.versionId;
  }
  if (replicas.length > 0) {
    const known = new Map(value && plan.seal ? [[plan.seal.versionId, value]] : []);
    const regions = replicas.map((r) => ({ ...r, seal: plan.replicaSeals?.[r.region] }));
    await addReplicas(deps, ctx.tx, record, regions, input.ForceOverwriteReplicaSecret ?? false, ctx.now, known);
    response.ReplicationStatus = await replicationStatus(ctx.tx, record);
  }
  saveSecret(ctx.tx, loaded);
  return response;
}

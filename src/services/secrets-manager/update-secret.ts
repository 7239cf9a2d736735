// UpdateSecret: description, KMS key and/or a new AWSCURRENT value. On a key change Secrets Manager
// re-encrypts the AWSCURRENT, AWSPENDING and AWSPREVIOUS versions under the new key and keeps their
// encryption under the old one (so either key decrypts them); a version the caller may not decrypt
// with the old key, or encrypt with the new one, is left as it was, as AWS leaves it.
import type { UpdateSecretRequest, UpdateSecretResponse } from '../../generated/secrets-manager/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { allowed, oneValue, writable } from './common.js';
import type { SmDeps } from './deps.js';
import { openEnvelope, plainValue, sealEnvelope } from './encryption.js';
import { openCheck, planOf, sealCheck } from './plan.js';
import { loadValue, saveSecret, saveValue, type LoadedSecret } from './records.js';
import { normalizeKeyId, syncReplicas } from './replication.js';
import { afterManualChange, authorizeNewValue } from './put-secret-value.js';
import { writeVersion } from './values.js';
import { CURRENT, currentVersionId, PENDING, PREVIOUS } from './versions.js';

export async function authorizeUpdateSecret(deps: SmDeps, input: UpdateSecretRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  const context = { 'secretsmanager:Description': input.Description, 'secretsmanager:KmsKeyId': input.KmsKeyId };
  return (await authorizeNewValue(deps, 'secretsmanager:UpdateSecret', input, ctx, context)).checks;
}

async function reencrypt(deps: SmDeps, ctx: HandlerContext, loaded: LoadedSecret, keyId: string, skip: string | undefined): Promise<void> {
  const record = loaded.record;
  for (const stage of [CURRENT, PENDING, PREVIOUS]) {
    const versionId = Object.keys(record.versions).find((id) => record.versions[id].stages.includes(stage));
    if (versionId === undefined || versionId === skip || !record.versions[versionId].hasValue) continue;
    const value = await loadValue(ctx.tx, record, versionId);
    if (!value) continue;
    const open = await openCheck(deps, ctx, record, versionId, value).catch(() => undefined);
    const seal = await sealCheck(deps, ctx, { arn: record.arn, keyId }, versionId);
    if (!open?.check || value.envelopes.some((e) => e.keyArn === seal.resource.arn)) continue;
    if (!(await allowed(ctx, [open.check, seal]))) continue;
    const bytes = openEnvelope(deps.kms, open.check, record.arn, versionId, value.kind, open.envelope);
    value.envelopes.push(sealEnvelope(deps.kms, seal, record.arn, versionId, { kind: value.kind, bytes }));
    saveValue(ctx.tx, record, versionId, value);
    record.versions[versionId].kmsKeyArns = value.envelopes.map((e) => e.keyArn);
  }
}

export async function UpdateSecret(input: UpdateSecretRequest, ctx: HandlerContext, deps: SmDeps): Promise<UpdateSecretResponse> {
  const plan = planOf(ctx);
  const loaded = writable(plan.resolved);
  oneValue(input);
  const record = loaded.record;
  const response: UpdateSecretResponse = { ARN: record.arn, Name: record.name };
  if (input.Description !== undefined) record.description = input.Description;
  const newKey = input.KmsKeyId !== undefined ? normalizeKeyId(input.KmsKeyId, plan.resolved.place) : undefined;
  const keyChanged = input.KmsKeyId !== undefined && newKey !== record.kmsKeyId;
  if (input.KmsKeyId !== undefined) {
    if (newKey === undefined) delete record.kmsKeyId;
    else record.kmsKeyId = newKey;
  }
  const value = plainValue(input);
  const previousCurrent = currentVersionId(record);
  const known = new Map();
  if (value && plan.seal) {
    const { outcome } = await writeVersion(deps, ctx.tx, loaded, plan.seal.versionId, value, [CURRENT], plan.seal.check, ctx.now);
    response.VersionId = plan.seal.versionId;
    known.set(plan.seal.versionId, value);
    if (outcome === 'unchanged' && input.Description === undefined && !keyChanged) return response;
  }
  if (keyChanged) await reencrypt(deps, ctx, loaded, input.KmsKeyId!, plan.seal?.versionId);
  record.lastChangedAt = ctx.now;
  await afterManualChange(deps, ctx, loaded, previousCurrent);
  await syncReplicas(deps, ctx.tx, record, ctx.now, known);
  saveSecret(ctx.tx, loaded);
  return response;
}

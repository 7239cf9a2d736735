// GetSecretValue and BatchGetSecretValue: the value of a version chosen by VersionId and/or
// VersionStage (AWSCURRENT by default), decrypted with the caller's kms:Decrypt via Secrets Manager.
// BatchGetSecretValue answers each secret on its own: a secret the caller may not read, or that
// cannot be read, becomes an entry of Errors instead of failing the call.
import type {
  APIErrorType,
  BatchGetSecretValueRequest,
  BatchGetSecretValueResponse,
  GetSecretValueRequest,
  GetSecretValueResponse,
  SecretValueEntry,
} from '../../generated/secrets-manager/types.js';
import { AwsError } from '../../errors.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { allowed, callerPlace, live, resolveFor } from './common.js';
import { secretCheck, starCheck, type Conditions } from './conditions.js';
import type { SmDeps } from './deps.js';
import { invalidParameter, invalidRequest, valueNotFound } from './errors.js';
import { matchesFilters, pageToken, readPageToken, validateFilters } from './list-secrets.js';
import { openCheck, planOf, withPlan, type OpenPlan, type Plan } from './plan.js';
import { loadValue, resolveSecret, saveSecret, secretsPrefix, type ResolvedSecret, type SecretRecord } from './records.js';
import { noteAccess, readPlanned } from './values.js';
import { CURRENT, versionWithStage } from './versions.js';
import type { JsonValue } from '../../storage/types.js';

/** The version a read selects, or the error AWS answers for the selection. */
export function selectVersion(record: SecretRecord, versionId: string | undefined, stage: string | undefined): string {
  if (versionId !== undefined) {
    const meta = record.versions[versionId];
    if (!meta) throw valueNotFound('VersionId', versionId);
    if (stage !== undefined && !meta.stages.includes(stage)) throw invalidRequest('You provided a VersionStage that is not associated to the provided VersionId.');
    if (!meta.hasValue) throw valueNotFound('VersionId', versionId);
    return versionId;
  }
  const label = stage ?? CURRENT;
  const id = versionWithStage(record, label);
  if (id === undefined || !record.versions[id].hasValue) throw valueNotFound('staging label', label);
  return id;
}

/** The Decrypt check a read of `record` needs, or undefined when the read will fail before decrypting. */
export async function planRead(deps: Pick<SmDeps, 'kms'>, ctx: AuthorizationContext, record: SecretRecord | undefined, versionId?: string, stage?: string): Promise<OpenPlan | undefined> {
  if (!record || record.deletionDate !== undefined) return undefined;
  let id: string;
  try {
    id = selectVersion(record, versionId, stage);
  } catch {
    return undefined;
  }
  const value = await loadValue(ctx.tx, record, id);
  return value ? openCheck(deps, ctx, record, id, value) : undefined;
}

const readConditions = (input: { VersionId?: string; VersionStage?: string }): Conditions => ({
  'secretsmanager:VersionId': input.VersionId,
  'secretsmanager:VersionStage': input.VersionStage ?? CURRENT,
});

export async function authorizeGetSecretValue(deps: SmDeps, input: GetSecretValueRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  const resolved = await resolveFor(ctx, input.SecretId);
  const plan: Plan = { resolved };
  const checks = [withPlan(secretCheck('secretsmanager:GetSecretValue', resolved, readConditions(input)), plan)];
  plan.open = await planRead(deps, ctx, resolved.loaded?.record, input.VersionId, input.VersionStage);
  if (plan.open?.check) checks.push(plan.open.check);
  return checks;
}

/** Reads the planned version and records the access; the value as GetSecretValue returns it. */
export function readSecret(deps: SmDeps, ctx: Pick<HandlerContext, 'tx' | 'now'>, resolved: ResolvedSecret, open: OpenPlan | undefined, versionId?: string, stage?: string): SecretValueEntry {
  const loaded = live(resolved);
  const record = loaded.record;
  const id = selectVersion(record, versionId, stage);
  if (!open || open.versionId !== id) throw new AwsError('InternalServiceError', 'The secret changed while the request was authorized; retry the request.', { senderFault: false });
  const plain = readPlanned(deps, record, open);
  if (noteAccess(record, id, ctx.now)) saveSecret(ctx.tx, loaded);
  const entry: SecretValueEntry = { ARN: record.arn, Name: record.name, VersionId: id, VersionStages: [...record.versions[id].stages], CreatedDate: new Date(record.versions[id].createdAt) };
  if (plain.kind === 'string') entry.SecretString = plain.bytes.toString('utf8');
  else entry.SecretBinary = plain.bytes;
  return entry;
}

export function GetSecretValue(input: GetSecretValueRequest, ctx: HandlerContext, deps: SmDeps): GetSecretValueResponse {
  const plan = planOf(ctx);
  return readSecret(deps, ctx, plan.resolved, plan.open, input.VersionId, input.VersionStage);
}

export function authorizeBatchGetSecretValue(_deps: SmDeps, input: BatchGetSecretValueRequest, ctx: AuthorizationContext): AuthorizationCheck[] {
  const checks = [starCheck('secretsmanager:BatchGetSecretValue', ctx)];
  // Finding secrets by filter lists them.
  if (input.Filters !== undefined) checks.push(starCheck('secretsmanager:ListSecrets', ctx));
  return checks;
}

const MAX_BATCH_PAGE = 20;

export async function BatchGetSecretValue(input: BatchGetSecretValueRequest, ctx: HandlerContext, deps: SmDeps): Promise<BatchGetSecretValueResponse> {
  const byList = input.SecretIdList !== undefined;
  if (byList === (input.Filters !== undefined)) throw invalidParameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.");
  if (input.MaxResults !== undefined && !input.Filters) {
    throw invalidParameter("'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.");
  }
  let ids: string[];
  let nextToken: string | undefined;
  if (byList) {
    ids = input.SecretIdList!;
  } else {
    const filters = validateFilters(input.Filters!);
    const records = (await ctx.tx.list<JsonValue>({ prefix: secretsPrefix(callerPlace(ctx)) }))
      .map((entry) => entry.value as unknown as SecretRecord)
      .filter((record) => record.deletionDate === undefined && matchesFilters(record, filters))
      .sort((a, b) => a.createdAt - b.createdAt || (a.name < b.name ? -1 : 1));
    const offset = readPageToken(input.NextToken);
    const limit = input.MaxResults ?? MAX_BATCH_PAGE;
    ids = records.slice(offset, offset + limit).map((r) => r.arn);
    if (offset + limit < records.length) nextToken = pageToken(offset + limit);
  }
  const values: SecretValueEntry[] = [];
  const errors: APIErrorType[] = [];
  for (const secretId of ids) {
    try {
      const resolved = await resolveSecret(ctx.tx, callerPlace(ctx), secretId);
      const check = secretCheck('secretsmanager:GetSecretValue', resolved, readConditions({}));
      if (!(await allowed(ctx, [check]))) {
        errors.push({ SecretId: secretId, ErrorCode: 'AccessDeniedException', Message: `User: ${ctx.principal.arn} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${resolved.arn}` });
        continue;
      }
      const open = await planRead(deps, ctx, resolved.loaded?.record);
      if (open?.check && !(await allowed(ctx, [open.check]))) {
        errors.push({ SecretId: secretId, ErrorCode: 'AccessDeniedException', Message: 'Access to KMS is not allowed' });
        continue;
      }
      values.push(readSecret(deps, ctx, resolved, open));
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      errors.push({ SecretId: secretId, ErrorCode: error.code, Message: error.message });
    }
  }
  const response: BatchGetSecretValueResponse = { SecretValues: values, Errors: errors };
  if (nextToken) response.NextToken = nextToken;
  return response;
}

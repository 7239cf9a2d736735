// ListSecretVersionIds (newest first; deprecated versions only with IncludeDeprecated) and
// UpdateSecretVersionStage (moving or removing one staging label, see versions.ts).
import type {
  ListSecretVersionIdsRequest,
  ListSecretVersionIdsResponse,
  SecretVersionsListEntry,
  UpdateSecretVersionStageRequest,
  UpdateSecretVersionStageResponse,
} from '../../generated/secrets-manager/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { existing, resolveFor, writable } from './common.js';
import { checkedSecret, secretCheck } from './conditions.js';
import type { SmDeps } from './deps.js';
import { pageToken, readPageToken } from './list-secrets.js';
import { saveSecret } from './records.js';
import { syncReplicas } from './replication.js';
import { afterManualChange } from './put-secret-value.js';
import { currentVersionId, moveStage, versionsNewestFirst } from './versions.js';

export async function authorizeListSecretVersionIds(input: ListSecretVersionIdsRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  return [secretCheck('secretsmanager:ListSecretVersionIds', await resolveFor(ctx, input.SecretId))];
}

export function ListSecretVersionIds(input: ListSecretVersionIdsRequest, ctx: HandlerContext): ListSecretVersionIdsResponse {
  const record = existing(checkedSecret(ctx)).record;
  const versions = versionsNewestFirst(record).filter(([, meta]) => input.IncludeDeprecated || meta.stages.length > 0);
  const offset = readPageToken(input.NextToken);
  const limit = input.MaxResults ?? 100;
  const Versions: SecretVersionsListEntry[] = versions.slice(offset, offset + limit).map(([id, meta]) => {
    const entry: SecretVersionsListEntry = { VersionId: id, VersionStages: [...meta.stages], CreatedDate: new Date(meta.createdAt), KmsKeyIds: [...meta.kmsKeyArns] };
    if (meta.lastAccessedAt !== undefined) entry.LastAccessedDate = new Date(meta.lastAccessedAt);
    return entry;
  });
  const response: ListSecretVersionIdsResponse = { ARN: record.arn, Name: record.name, Versions };
  if (offset + limit < versions.length) response.NextToken = pageToken(offset + limit);
  return response;
}

export async function authorizeUpdateSecretVersionStage(input: UpdateSecretVersionStageRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  return [secretCheck('secretsmanager:UpdateSecretVersionStage', await resolveFor(ctx, input.SecretId), { 'secretsmanager:VersionStage': input.VersionStage })];
}

export async function UpdateSecretVersionStage(input: UpdateSecretVersionStageRequest, ctx: HandlerContext, deps: SmDeps): Promise<UpdateSecretVersionStageResponse> {
  const loaded = writable(checkedSecret(ctx));
  const record = loaded.record;
  const previousCurrent = currentVersionId(record);
  moveStage(record, input.VersionStage, input.MoveToVersionId, input.RemoveFromVersionId);
  record.lastChangedAt = ctx.now;
  await afterManualChange(deps, ctx, loaded, previousCurrent);
  await syncReplicas(deps, ctx.tx, record, ctx.now);
  saveSecret(ctx.tx, loaded);
  return { ARN: record.arn, Name: record.name };
}

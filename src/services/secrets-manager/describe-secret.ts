// DescribeSecret: a secret's metadata as AWS reports it. Rotation fields appear once rotation was
// configured; LastAccessedDate is a date only; VersionIdsToStages lists only labelled versions
// (unlabelled ones are deprecated); a primary lists its replicas, a replica names its primary's Region.
import type { DescribeSecretRequest, DescribeSecretResponse, RotationRulesType, SecretListEntry } from '../../generated/secrets-manager/types.js';
import type { StoreReader } from '../../storage/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { existing, resolveFor } from './common.js';
import { checkedSecret, secretCheck } from './conditions.js';
import type { SecretRecord } from './records.js';
import { replicationStatus } from './replication.js';
import { reportedDays } from './schedule.js';

export async function authorizeDescribeSecret(input: DescribeSecretRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  return [secretCheck('secretsmanager:DescribeSecret', await resolveFor(ctx, input.SecretId))];
}

export function rotationRules(record: SecretRecord): RotationRulesType | undefined {
  const rules = record.rotation?.rules;
  if (!rules) return undefined;
  const shape: RotationRulesType = {};
  const days = reportedDays(rules);
  if (days !== undefined) shape.AutomaticallyAfterDays = days;
  if (rules.scheduleExpression !== undefined) shape.ScheduleExpression = rules.scheduleExpression;
  if (rules.duration !== undefined) shape.Duration = rules.duration;
  return shape;
}

export function versionsToStages(record: SecretRecord): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const [id, meta] of Object.entries(record.versions)) if (meta.stages.length > 0) map[id] = [...meta.stages];
  return map;
}

/** The fields DescribeSecret and ListSecrets share. */
export function secretShape(record: SecretRecord): SecretListEntry & DescribeSecretResponse {
  const shape: SecretListEntry & DescribeSecretResponse = { ARN: record.arn, Name: record.name };
  if (record.description !== undefined) shape.Description = record.description;
  if (record.kmsKeyId !== undefined) shape.KmsKeyId = record.kmsKeyId;
  const rotation = record.rotation;
  if (rotation) {
    shape.RotationEnabled = rotation.enabled;
    if (rotation.lambdaArn) shape.RotationLambdaARN = rotation.lambdaArn;
    const rules = rotationRules(record);
    if (rules) shape.RotationRules = rules;
    if (rotation.lastRotatedAt !== undefined) shape.LastRotatedDate = new Date(rotation.lastRotatedAt);
    if (rotation.enabled && rotation.nextRotationAt !== undefined) shape.NextRotationDate = new Date(rotation.nextRotationAt);
  }
  shape.LastChangedDate = new Date(record.lastChangedAt);
  if (record.lastAccessedAt !== undefined) shape.LastAccessedDate = new Date(record.lastAccessedAt);
  if (record.deletionDate !== undefined) shape.DeletedDate = new Date(record.deletionDate);
  if (record.tags.length > 0) shape.Tags = record.tags.map((t) => ({ ...t }));
  shape.CreatedDate = new Date(record.createdAt);
  shape.PrimaryRegion = record.primaryRegion ?? record.region;
  return shape;
}

export async function describe(reader: StoreReader, record: SecretRecord): Promise<DescribeSecretResponse> {
  const shape = secretShape(record);
  const response: DescribeSecretResponse = { ...shape, VersionIdsToStages: versionsToStages(record) };
  if (record.replicas?.length) response.ReplicationStatus = await replicationStatus(reader, record);
  return response;
}

export function DescribeSecret(_input: DescribeSecretRequest, ctx: HandlerContext): Promise<DescribeSecretResponse> {
  return describe(ctx.tx, existing(checkedSecret(ctx)).record);
}

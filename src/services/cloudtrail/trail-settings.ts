// Settings CreateTrail and UpdateTrail share: what a trail may be given, and what Rampart cannot do.
import { AwsError } from '../../errors.js';
import type { CreateTrailResponse } from '../../generated/cloudtrail/types.js';
import type { HandlerContext } from '../types.js';
import { invalidParameterCombination } from './errors.js';
import { checkBucketName, checkKeyPrefix, normalizeKmsKeyId } from './names.js';
import { arnOf, visibleIn, type TrailRecord } from './records.js';

/** AWS's quota: five trails in a region (its own and other regions' multi-region trails). */
export const MAX_TRAILS_PER_REGION = 5;

interface DestinationSettings {
  SnsTopicName?: string;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  IsOrganizationTrail?: boolean;
}

/**
 * Rampart has no SNS topics, delivers to no CloudWatch Logs group and has no organizations: asking a
 * trail for them fails as AWS fails for a topic, group or organization that does not exist, rather
 * than being accepted and silently ignored. An empty string (UpdateTrail's "remove it") is fine.
 */
export function refuseUnavailableDestinations(input: DestinationSettings, accountId: string): void {
  if (input.SnsTopicName) {
    throw new AwsError('InsufficientSnsTopicPolicyException', 'SNS Topic does not exist or the topic policy is incorrect!');
  }
  if (input.CloudWatchLogsLogGroupArn || input.CloudWatchLogsRoleArn) {
    throw new AwsError('CloudWatchLogsDeliveryUnavailableException', 'Rampart does not deliver trail events to CloudWatch Logs.');
  }
  if (input.IsOrganizationTrail) {
    throw new AwsError('OrganizationsNotInUseException', `Account ${accountId} is not a member of an organization.`);
  }
}

export function checkDestination(bucket: string | undefined, prefix: string | undefined): void {
  if (bucket !== undefined) checkBucketName(bucket);
  if (prefix !== undefined && prefix !== '') checkKeyPrefix(prefix);
}

export function checkGlobalEvents(trail: Pick<TrailRecord, 'isMultiRegionTrail' | 'includeGlobalServiceEvents'>): void {
  if (trail.isMultiRegionTrail && !trail.includeGlobalServiceEvents) {
    throw invalidParameterCombination('Multi-Region trail must include global service events.');
  }
}

export const kmsKeyArn = (value: string, ctx: Pick<HandlerContext, 'partition' | 'region' | 'accountId'>) =>
  normalizeKmsKeyId(value, { partition: ctx.partition, region: ctx.region, accountId: ctx.accountId });

/**
 * Refuses `candidate` (a new trail, or one becoming multi-region) when a region it would appear in
 * already shows a trail of that name, or already shows five trails.
 */
export function checkRoom(candidate: TrailRecord, others: readonly TrailRecord[], accountId: string): void {
  const regions = candidate.isMultiRegionTrail ? new Set([candidate.homeRegion, ...others.map((t) => t.homeRegion)]) : new Set([candidate.homeRegion]);
  for (const region of regions) {
    const shown = visibleIn(others, region);
    if (shown.some((t) => t.name === candidate.name)) {
      throw new AwsError('TrailAlreadyExistsException', `Trail ${candidate.name} already exists for customer: ${accountId}`);
    }
    if (shown.length >= MAX_TRAILS_PER_REGION) {
      throw new AwsError('MaximumNumberOfTrailsExceededException', `User: ${accountId} already has ${MAX_TRAILS_PER_REGION} trails in ${region}.`);
    }
  }
}

/** The members CreateTrail and UpdateTrail answer with. */
export function trailSettingsShape(trail: TrailRecord): CreateTrailResponse {
  const shape: CreateTrailResponse = {
    Name: trail.name,
    S3BucketName: trail.s3BucketName,
    IncludeGlobalServiceEvents: trail.includeGlobalServiceEvents,
    IsMultiRegionTrail: trail.isMultiRegionTrail,
    TrailARN: arnOf(trail),
    LogFileValidationEnabled: trail.logFileValidationEnabled,
    IsOrganizationTrail: false,
  };
  if (trail.s3KeyPrefix !== undefined) shape.S3KeyPrefix = trail.s3KeyPrefix;
  if (trail.kmsKeyId !== undefined) shape.KmsKeyId = trail.kmsKeyId;
  return shape;
}

// CreateTrail: a trail starts out not logging (StartLogging turns it on), taking global service
// events, in its region only, without log file validation.
import { randomUUID } from 'node:crypto';
import type { CreateTrailRequest, CreateTrailResponse } from '../../generated/cloudtrail/types.js';
import type { HandlerContext } from '../types.js';
import { checkTrailName } from './names.js';
import { accountTrails, saveTrail, type TrailRecord } from './records.js';
import { checkTags } from './tags.js';
import { checkDestination, checkGlobalEvents, checkRoom, kmsKeyArn, refuseUnavailableDestinations, trailSettingsShape } from './trail-settings.js';

export async function CreateTrail(input: CreateTrailRequest, ctx: HandlerContext): Promise<CreateTrailResponse> {
  checkTrailName(input.Name);
  checkDestination(input.S3BucketName, input.S3KeyPrefix);
  refuseUnavailableDestinations(input, ctx.accountId);
  const trail: TrailRecord = {
    name: input.Name,
    accountId: ctx.accountId,
    homeRegion: ctx.region,
    partition: ctx.partition,
    generation: randomUUID(),
    createdAt: ctx.now,
    s3BucketName: input.S3BucketName,
    includeGlobalServiceEvents: input.IncludeGlobalServiceEvents ?? true,
    isMultiRegionTrail: input.IsMultiRegionTrail ?? false,
    logFileValidationEnabled: input.EnableLogFileValidation ?? false,
    tags: checkTags(input.TagsList ?? []),
    logging: [],
  };
  if (input.S3KeyPrefix) trail.s3KeyPrefix = input.S3KeyPrefix;
  if (input.KmsKeyId) trail.kmsKeyId = kmsKeyArn(input.KmsKeyId, ctx);
  checkGlobalEvents(trail);
  checkRoom(trail, await accountTrails(ctx.tx, ctx.accountId), ctx.accountId);
  saveTrail(ctx.tx, trail);
  return trailSettingsShape(trail);
}

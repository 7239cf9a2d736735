// UpdateTrail and DeleteTrail: only in the trail's home region. An update takes effect from the
// delivery job's next run; an empty S3KeyPrefix or KmsKeyId removes the setting.
import type { DeleteTrailRequest, DeleteTrailResponse, UpdateTrailRequest, UpdateTrailResponse } from '../../generated/cloudtrail/types.js';
import type { Scheduler } from '../../scheduler/scheduler.js';
import type { HandlerContext } from '../types.js';
import { deliveryJobId } from './delivery-job.js';
import { accountTrails, deliveryStateKey, requireHomeTrail, saveTrail, trailKey, type TrailRecord } from './records.js';
import { checkDestination, checkGlobalEvents, checkRoom, kmsKeyArn, refuseUnavailableDestinations, trailSettingsShape } from './trail-settings.js';

export async function UpdateTrail(input: UpdateTrailRequest, ctx: HandlerContext): Promise<UpdateTrailResponse> {
  const current = await requireHomeTrail(ctx.tx, ctx, input.Name);
  checkDestination(input.S3BucketName, input.S3KeyPrefix);
  refuseUnavailableDestinations(input, ctx.accountId);
  const trail: TrailRecord = { ...current };
  if (input.S3BucketName !== undefined) trail.s3BucketName = input.S3BucketName;
  if (input.S3KeyPrefix !== undefined) {
    if (input.S3KeyPrefix === '') delete trail.s3KeyPrefix;
    else trail.s3KeyPrefix = input.S3KeyPrefix;
  }
  if (input.IncludeGlobalServiceEvents !== undefined) trail.includeGlobalServiceEvents = input.IncludeGlobalServiceEvents;
  if (input.IsMultiRegionTrail !== undefined) trail.isMultiRegionTrail = input.IsMultiRegionTrail;
  if (input.EnableLogFileValidation !== undefined) trail.logFileValidationEnabled = input.EnableLogFileValidation;
  if (input.KmsKeyId !== undefined) {
    if (input.KmsKeyId === '') delete trail.kmsKeyId;
    else trail.kmsKeyId = kmsKeyArn(input.KmsKeyId, ctx);
  }
  checkGlobalEvents(trail);
  if (trail.isMultiRegionTrail && !current.isMultiRegionTrail) {
    const others = (await accountTrails(ctx.tx, ctx.accountId)).filter((t) => !(t.homeRegion === trail.homeRegion && t.name === trail.name));
    checkRoom(trail, others, ctx.accountId);
  }
  saveTrail(ctx.tx, trail);
  return trailSettingsShape(trail);
}

export async function DeleteTrail(input: DeleteTrailRequest, ctx: HandlerContext, scheduler: Scheduler): Promise<DeleteTrailResponse> {
  const trail = await requireHomeTrail(ctx.tx, ctx, input.Name);
  ctx.tx.delete(trailKey(trail.accountId, trail.homeRegion, trail.name));
  ctx.tx.delete(deliveryStateKey(trail.accountId, trail.homeRegion, trail.name));
  await scheduler.cancel(ctx.tx, deliveryJobId(trail.accountId, trail.homeRegion, trail.name));
  return {};
}

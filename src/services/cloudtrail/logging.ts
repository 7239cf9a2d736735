// StartLogging, StopLogging and GetTrailStatus. A trail logs the events of the times it was logging;
// the delivery job reads those intervals, so StartLogging keeps the ones it has not delivered yet.
// Event times are whole seconds, so an interval takes the whole seconds it starts and ends in: the
// StartLogging and StopLogging calls themselves are logged.
import { readDeliveryState } from '../../audit/delivery.js';
import { formatCloudTrailTime } from '../../audit/trail-files.js';
import type {
  GetTrailStatusRequest,
  GetTrailStatusResponse,
  StartLoggingRequest,
  StartLoggingResponse,
  StopLoggingRequest,
  StopLoggingResponse,
} from '../../generated/cloudtrail/types.js';
import type { Scheduler } from '../../scheduler/scheduler.js';
import type { HandlerContext } from '../types.js';
import { ensureDeliveryJob } from './delivery-job.js';
import { deliveryStateKey, isLogging, requireHomeTrail, requireTrail, saveTrail } from './records.js';

const second = (ms: number) => Math.floor(ms / 1000) * 1000;

export async function StartLogging(input: StartLoggingRequest, ctx: HandlerContext, scheduler: Scheduler): Promise<StartLoggingResponse> {
  const trail = await requireHomeTrail(ctx.tx, ctx, input.Name);
  if (!isLogging(trail)) {
    const state = await readDeliveryState(ctx.tx, deliveryStateKey(trail.accountId, trail.homeRegion, trail.name));
    const delivered = state?.generation === trail.generation ? state.watermark : Number.NEGATIVE_INFINITY;
    const logging = [...trail.logging.filter((i) => i.to !== undefined && i.to > delivered), { from: second(ctx.now) }];
    saveTrail(ctx.tx, { ...trail, logging, startLoggingTime: ctx.now });
    await ensureDeliveryJob(scheduler, ctx.tx, trail, ctx.now);
  }
  return {};
}

export async function StopLogging(input: StopLoggingRequest, ctx: HandlerContext): Promise<StopLoggingResponse> {
  const trail = await requireHomeTrail(ctx.tx, ctx, input.Name);
  if (isLogging(trail)) {
    // The delivery job delivers what was recorded until now, then ends.
    const logging = trail.logging.map((i, n) => (n === trail.logging.length - 1 ? { from: i.from, to: second(ctx.now) + 1000 } : i));
    saveTrail(ctx.tx, { ...trail, logging, stopLoggingTime: ctx.now });
  }
  return {};
}

export async function GetTrailStatus(input: GetTrailStatusRequest, ctx: HandlerContext): Promise<GetTrailStatusResponse> {
  const trail = await requireTrail(ctx.tx, ctx, input.Name);
  const stored = await readDeliveryState(ctx.tx, deliveryStateKey(trail.accountId, trail.homeRegion, trail.name));
  const state = stored?.generation === trail.generation ? stored : undefined;
  const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
  const text = (ms: number | undefined) => (ms === undefined ? '' : formatCloudTrailTime(ms));
  const status: GetTrailStatusResponse = {
    IsLogging: isLogging(trail),
    StartLoggingTime: date(trail.startLoggingTime),
    StopLoggingTime: date(trail.stopLoggingTime),
    LatestDeliveryTime: date(state?.latestDeliveryTime),
    LatestDeliveryError: state?.latestDeliveryError,
    LatestDigestDeliveryTime: date(state?.latestDigestDeliveryTime),
    LatestDigestDeliveryError: state?.latestDigestDeliveryError,
    // Members AWS documents as no longer in use, still sent as text.
    LatestDeliveryAttemptTime: text(state?.latestDeliveryAttemptTime),
    LatestDeliveryAttemptSucceeded: state?.latestDeliveryError ? '' : text(state?.latestDeliveryAttemptTime),
    LatestNotificationAttemptTime: '',
    LatestNotificationAttemptSucceeded: '',
    TimeLoggingStarted: text(trail.startLoggingTime),
    TimeLoggingStopped: text(trail.stopLoggingTime),
  };
  for (const key of Object.keys(status) as (keyof GetTrailStatusResponse)[]) if (status[key] === undefined) delete status[key];
  return status;
}

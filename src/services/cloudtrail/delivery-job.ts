// The scheduler job that delivers a logging trail's files (src/audit/delivery.ts does the work). One job
// per trail, `cloudtrail/deliver/<account>/<home region>/<name>`, scheduled by StartLogging; it
// reschedules itself every 5 minutes and ends once a stopped trail has delivered everything.
import { DirectoryDestination, type LogDestination } from '../../audit/destination.js';
import { DELIVERY_INTERVAL_MS, runTrailDelivery } from '../../audit/delivery.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { Logger } from '../../logging.js';
import type { JobHandler, Scheduler } from '../../scheduler/scheduler.js';
import type { Transaction } from '../../storage/types.js';
import { deliveryConfig, deliveryStateKey, loadTrail, type TrailRecord } from './records.js';

export const DELIVERY_JOB = 'cloudtrail.deliver';

interface DeliveryJobPayload {
  accountId: string;
  region: string;
  name: string;
  generation: string;
}

export const deliveryJobId = (accountId: string, region: string, name: string) => `cloudtrail/deliver/${accountId}/${region}/${name}`;

/** Makes sure the trail's delivery job exists (a stopped trail's job may still be finishing). */
export async function ensureDeliveryJob(scheduler: Scheduler, tx: Transaction, trail: TrailRecord, now: number): Promise<void> {
  const id = deliveryJobId(trail.accountId, trail.homeRegion, trail.name);
  const existing = await scheduler.find(tx, id);
  if (existing && (existing.payload as unknown as DeliveryJobPayload | null)?.generation === trail.generation) return;
  const payload: DeliveryJobPayload = { accountId: trail.accountId, region: trail.homeRegion, name: trail.name, generation: trail.generation };
  await scheduler.schedule(tx, { id, type: DELIVERY_JOB, dueAt: now + DELIVERY_INTERVAL_MS, payload: { ...payload } });
}

export interface DeliveryJobDeps {
  keyring: Keyring;
  logger: Logger;
  /** Root of the directory destination (RAMPART_CLOUDTRAIL_DIR). */
  cloudTrailDir: string;
}

export function deliveryJob(deps: DeliveryJobDeps): JobHandler {
  let destination: LogDestination | undefined;
  return async (job, ctx) => {
    const payload = job.payload as unknown as DeliveryJobPayload;
    destination ??= new DirectoryDestination(deps.cloudTrailDir);
    await runTrailDelivery(
      { store: ctx.store, keyring: deps.keyring, destination, logger: deps.logger },
      {
        stateKey: deliveryStateKey(payload.accountId, payload.region, payload.name),
        generation: payload.generation,
        load: async (reader) => {
          const trail = await loadTrail(reader, payload.accountId, payload.region, payload.name);
          return trail && deliveryConfig(trail);
        },
      },
      ctx,
    );
  };
}

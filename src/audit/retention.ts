// The event history keeps 90 days: a daily job removes older days.
import type { JobHandler, Scheduler } from '../scheduler/scheduler.js';
import type { Store } from '../storage/types.js';
import { expireHistory } from './event-store.js';

export const AUDIT_EXPIRY_JOB = 'audit.expire-history';
const JOB_ID = 'audit/expire-history';
const DAY_MS = 86_400_000;

/** Makes sure the daily expiry job exists (first start, or after a reset). */
export async function scheduleAuditExpiry(store: Store, scheduler: Scheduler, now: number): Promise<void> {
  await store.transaction(async (tx) => {
    if (await scheduler.find(tx, JOB_ID)) return;
    await scheduler.schedule(tx, { id: JOB_ID, type: AUDIT_EXPIRY_JOB, dueAt: now + DAY_MS });
  });
}

export const expireAuditHistory: JobHandler = async (job, ctx) => {
  await expireHistory(ctx.store, ctx.now);
  await ctx.store.transaction((tx) => ctx.reschedule(tx, Math.max(job.dueAt + DAY_MS, ctx.now + 60_000)));
};

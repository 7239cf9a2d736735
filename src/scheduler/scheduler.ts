// The durable scheduler: due work (key rotation, deletion windows, secret rotation, expirations)
// lives in storage as jobs keyed by due time, so a restart loses nothing and any worker or node can
// run it. A job is claimed by moving it, in one transaction, to a lease that ends `leaseMs` later:
// only one claimer can win that transaction, and if the claimer dies the job falls due again when the
// lease ends. Handlers must therefore tolerate running again after a crash (AWS's rotation steps are
// designed that way); work that is only storage writes can finish atomically with `complete`.
import type { Clock } from '../clock.js';
import type { Logger } from '../logging.js';
import type { JsonValue, Store, Transaction } from '../storage/types.js';

export interface Job<P extends JsonValue = JsonValue> {
  id: string;
  type: string;
  /** The time the job was scheduled for (a leased job is stored under its lease's end instead). */
  dueAt: number;
  payload: P;
  /** Claims so far, including the current one. */
  attempts: number;
  leaseUntil?: number;
  lastError?: string;
}

export interface JobContext {
  store: Store;
  now: number;
  /** Ends the job in `tx` (with the handler's own writes), so work and completion commit together. */
  complete(tx: Transaction): Promise<void>;
  /** Moves the job to a later time in `tx` instead of ending it (recurring work). */
  reschedule(tx: Transaction, dueAt: number, payload?: JsonValue): Promise<void>;
}

/**
 * Runs a claimed job. Returning without calling `complete` or `reschedule` completes the job;
 * throwing leaves it leased, so it runs again when the lease ends (a retry with backoff).
 */
export type JobHandler = (job: Job, ctx: JobContext) => Promise<void>;

export interface SchedulerOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** How long a claim holds before the job is due again. */
  leaseMs?: number;
}

const DUE_PREFIX = 'sched/due/';
const ID_PREFIX = 'sched/id/';
const pad = (ms: number) => String(Math.max(0, Math.floor(ms))).padStart(15, '0');
const dueKey = (dueAt: number, id: string) => `${DUE_PREFIX}${pad(dueAt)}/${id}`;
const idKey = (id: string) => `${ID_PREFIX}${id}`;
/** Where a job is stored: at its due time, or while leased at the lease's end. */
const storedAt = (job: Job) => job.leaseUntil ?? job.dueAt;

export class Scheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly leaseMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(options: SchedulerOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.logger = options.logger;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
  }

  register(type: string, handler: JobHandler): void {
    if (this.handlers.has(type)) throw new Error(`a handler for ${type} jobs is already registered`);
    this.handlers.set(type, handler);
  }

  /**
   * Schedules (or reschedules) job `id` inside the caller's transaction, so it exists exactly when
   * the change that needs it commits. Ids are chosen by the caller (`kms/delete-key/<arn>`), so
   * scheduling the same work twice keeps one job.
   */
  async schedule(tx: Transaction, job: { id: string; type: string; dueAt: number; payload?: JsonValue }): Promise<void> {
    await this.cancel(tx, job.id);
    const record: Job = { id: job.id, type: job.type, dueAt: job.dueAt, payload: job.payload ?? null, attempts: 0 };
    tx.put(dueKey(job.dueAt, job.id), record as unknown as JsonValue);
    tx.put(idKey(job.id), { at: job.dueAt });
  }

  /** Removes job `id` if it is scheduled. */
  async cancel(tx: Transaction, id: string): Promise<boolean> {
    const index = await tx.get<{ at: number }>(idKey(id));
    if (!index) return false;
    tx.delete(dueKey(index.value.at, id));
    tx.delete(idKey(id));
    return true;
  }

  async find(reader: Pick<Transaction, 'get'>, id: string): Promise<Job | undefined> {
    const index = await reader.get<{ at: number }>(idKey(id));
    if (!index) return undefined;
    const record = await reader.get(dueKey(index.value.at, id));
    return record?.value as unknown as Job | undefined;
  }

  /** Claims and runs every job due now, oldest first; resolves with how many ran. */
  runDue(): Promise<number> {
    // One pass at a time per process; a caller arriving mid-pass waits for it and then runs its own,
    // so jobs that fell due in between (e.g. after a clock move) are not missed.
    const previous = this.running ?? Promise.resolve(0);
    const pass = previous.catch(() => 0).then(() => this.runPass());
    this.running = pass;
    void pass.finally(() => {
      if (this.running === pass) this.running = undefined;
    });
    return pass;
  }

  private async runPass(): Promise<number> {
    let ran = 0;
    for (;;) {
      const now = this.clock.now();
      const due = await this.store.list<JsonValue>({ prefix: DUE_PREFIX, end: `${DUE_PREFIX}${pad(now + 1)}`, limit: 100 });
      if (due.length === 0) return ran;
      let claimedAny = false;
      for (const entry of due) {
        const claimed = await this.claim(entry.key, now);
        if (!claimed) continue;
        claimedAny = true;
        await this.run(claimed, now);
        ran++;
      }
      if (!claimedAny) return ran;
    }
  }

  private async claim(key: string, now: number): Promise<Job | undefined> {
    return this.store.transaction(async (tx) => {
      const current = await tx.get(key);
      if (!current) return undefined;
      const job = current.value as unknown as Job;
      if (storedAt(job) > now) return undefined;
      const leased: Job = { ...job, attempts: job.attempts + 1, leaseUntil: now + this.leaseMs };
      tx.delete(key);
      tx.put(dueKey(storedAt(leased), job.id), leased as unknown as JsonValue);
      tx.put(idKey(job.id), { at: storedAt(leased) });
      return leased;
    });
  }

  private async run(job: Job, now: number): Promise<void> {
    const handler = this.handlers.get(job.type);
    if (!handler) {
      this.logger.error({ jobId: job.id, jobType: job.type }, 'no handler for a due job; it stays scheduled');
      return;
    }
    let settled = false;
    const stillOurs = async (tx: Transaction) => {
      const current = await tx.get(dueKey(storedAt(job), job.id));
      return current !== undefined && (current.value as unknown as Job).leaseUntil === job.leaseUntil;
    };
    const ctx: JobContext = {
      store: this.store,
      now,
      complete: async (tx) => {
        if (!(await stillOurs(tx))) throw new LeaseLostError(job.id);
        tx.delete(dueKey(storedAt(job), job.id));
        tx.delete(idKey(job.id));
        tx.afterCommit(() => (settled = true));
      },
      reschedule: async (tx, dueAt, payload) => {
        if (!(await stillOurs(tx))) throw new LeaseLostError(job.id);
        tx.delete(dueKey(storedAt(job), job.id));
        const next: Job = { id: job.id, type: job.type, dueAt, payload: payload === undefined ? job.payload : payload, attempts: 0 };
        tx.put(dueKey(dueAt, job.id), next as unknown as JsonValue);
        tx.put(idKey(job.id), { at: dueAt });
        tx.afterCommit(() => (settled = true));
      },
    };
    try {
      await handler(job, ctx);
      if (!settled) await this.store.transaction(async (tx) => (await stillOurs(tx)) && ctx.complete(tx));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ jobId: job.id, jobType: job.type, attempts: job.attempts, err: message }, 'scheduled job failed; it runs again when its lease ends');
      await this.store
        .transaction(async (tx) => {
          const current = await tx.get(dueKey(storedAt(job), job.id));
          if (current) tx.put(current.key, { ...(current.value as object), lastError: message } as JsonValue);
        })
        .catch(() => undefined);
    }
  }

  /** Polls for due jobs every `intervalMs` until `stop`. */
  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.runDue().catch((error) => this.logger.error({ err: error }, 'scheduler pass failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}

export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`the lease on job ${jobId} ended before it finished`);
    this.name = 'LeaseLostError';
  }
}

// Writes audit records durably before the request they describe is answered, so an acknowledged call
// is never missing from the record after a crash. Records of requests that finish together are written
// in one commit (group commit): a request waits for at most one commit in progress plus its own, and
// throughput does not pay one disk flush per request.
import type { JsonValue, Store } from '../storage/types.js';
import type { CloudTrailEvent } from './event.js';
import { eventKey } from './event-store.js';

interface Pending {
  keys: string[];
  event: CloudTrailEvent;
  done: (error?: unknown) => void;
}

const MAX_BATCH = 512;

/** Where the pipeline sends audit records; it waits until each is durable. */
export interface AuditSink {
  record(event: CloudTrailEvent, accountIds: readonly string[], eventTimeMs?: number): Promise<void>;
  /** Resolves when everything recorded so far is written. */
  drain(): Promise<void>;
}

export class AuditRecorder implements AuditSink {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;

  constructor(private readonly store: Store) {}

  /**
   * Records `event` in the history of each account given (the caller's, and the resource owner's when
   * the call crossed accounts); resolves once it is durable. `eventTimeMs` orders the history to the
   * millisecond (eventTime itself is in whole seconds, as CloudTrail writes it).
   */
  record(event: CloudTrailEvent, accountIds: readonly string[], eventTimeMs = Date.parse(event.eventTime)): Promise<void> {
    const time = eventTimeMs;
    const keys = [...new Set(accountIds)].map((account) => eventKey(account, event.awsRegion, time, event.eventID));
    return new Promise((resolve, reject) => {
      this.queue.push({ keys, event, done: (error) => (error === undefined ? resolve() : reject(error)) });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    // Let every request finishing in this turn of the event loop join the first commit.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.store.transaction((tx) => {
          for (const item of batch) for (const key of item.keys) tx.put(key, item.event as unknown as JsonValue);
        });
        for (const item of batch) item.done();
      } catch (error) {
        for (const item of batch) item.done(error);
      }
    }
    this.flushing = undefined;
  }

  /** Resolves when everything recorded so far is written. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }
}

// The event log: EventBridge-shaped events that Rampart's services emit (Parameter Store policy
// actions today), kept in storage per account and Region and listed newest first. It is written in
// the emitting transaction, so an event exists exactly when the change that caused it commits. The
// EventBridge service will route these events later; until then the log is what can be inspected
// (the admin endpoint /_rampart/events lists it).
import { randomUUID } from 'node:crypto';
import { partitionOf } from '../identity/partitions.js';
import type { JsonObject, JsonValue, StoreReader, Transaction } from '../storage/types.js';

/** An event as EventBridge delivers it to targets. */
export interface EventRecord {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601, seconds precision, as EventBridge writes it. */
  time: string;
  region: string;
  resources: string[];
  detail: JsonObject;
}

export interface NewEvent {
  detailType: string;
  source: string;
  account: string;
  region: string;
  /** Rampart's clock, ms since the epoch. */
  time: number;
  resources: string[];
  detail: JsonObject;
}

const prefixOf = (account: string, region: string) => `acct/${partitionOf(region)}/${account}/${region}/events/`;
// Time first, so a reverse scan is newest first; the id keeps events of one millisecond apart.
const keyOf = (account: string, region: string, time: number, id: string) => `${prefixOf(account, region)}${String(time).padStart(15, '0')}/${id}`;

/** Records `event` in `tx`; returns it as stored. */
export function recordEvent(tx: Transaction, event: NewEvent): EventRecord {
  const id = randomUUID();
  const record: EventRecord = {
    version: '0',
    id,
    'detail-type': event.detailType,
    source: event.source,
    account: event.account,
    time: new Date(Math.floor(event.time / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    region: event.region,
    resources: event.resources,
    detail: event.detail,
  };
  tx.put(keyOf(event.account, event.region, event.time, id), record as unknown as JsonValue);
  return record;
}

export interface ListEventsRequest {
  account: string;
  region: string;
  /** At most this many (1-100, default 50). */
  limit?: number;
  /** The nextToken of the previous page. */
  nextToken?: string;
  /** Only events of this source (e.g. "aws.ssm"). */
  source?: string;
  /** Only events of this detail-type. */
  detailType?: string;
}

export interface ListEventsResult {
  events: EventRecord[];
  nextToken?: string;
}

export class InvalidEventTokenError extends Error {
  constructor() {
    super('the nextToken is not one this event log issued');
    this.name = 'InvalidEventTokenError';
  }
}

const TOKEN_PREFIX = 'ev1:';

/**
 * Events of one account and Region, newest first. The token names the last event returned, so a page
 * stays right while new events arrive (they come before it). Filters apply while scanning.
 */
export async function listEvents(reader: StoreReader, request: ListEventsRequest): Promise<ListEventsResult> {
  const limit = Math.min(Math.max(request.limit ?? 50, 1), 100);
  const prefix = prefixOf(request.account, request.region);
  let end: string | undefined;
  if (request.nextToken !== undefined) {
    const decoded = Buffer.from(request.nextToken, 'base64url').toString('utf8');
    if (!decoded.startsWith(TOKEN_PREFIX) || !decoded.slice(TOKEN_PREFIX.length).startsWith(prefix)) throw new InvalidEventTokenError();
    end = decoded.slice(TOKEN_PREFIX.length);
  }
  const events: EventRecord[] = [];
  let lastKey: string | undefined;
  for (;;) {
    const batch = await reader.list<JsonValue>({ prefix, end, reverse: true, limit: limit + 1 });
    for (const row of batch) {
      const event = row.value as unknown as EventRecord;
      if (request.source !== undefined && event.source !== request.source) {
        end = row.key;
        continue;
      }
      if (request.detailType !== undefined && event['detail-type'] !== request.detailType) {
        end = row.key;
        continue;
      }
      if (events.length === limit) {
        return { events, nextToken: Buffer.from(TOKEN_PREFIX + lastKey!, 'utf8').toString('base64url') };
      }
      events.push(event);
      lastKey = row.key;
      end = row.key;
    }
    if (batch.length <= limit) return { events };
  }
}

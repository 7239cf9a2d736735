// Where audit records live: the event history of each account and region, ordered by time (a day's
// records share a prefix, so expiring a day is one prefix delete), for LookupEvents and for trails
// that deliver log files.
import type { JsonValue, Store, StoreReader } from '../storage/types.js';
import type { CloudTrailEvent } from './event.js';

/** CloudTrail's event history keeps 90 days. */
export const RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const padTime = (ms: number) => String(ms).padStart(15, '0');

export const historyPrefix = (accountId: string, region: string) => `audit/${accountId}/${region}/`;

/**
 * `audit/<account>/<region>/<YYYY-MM-DD>/<second, in ms>/<ms within the second><eventId>`: ordered by
 * event time (whole seconds, as CloudTrail writes it), then by the millisecond the call was made.
 */
export function eventKey(accountId: string, region: string, eventTimeMs: number, eventId: string): string {
  const second = Math.floor(eventTimeMs / 1000) * 1000;
  const within = String(eventTimeMs - second).padStart(3, '0');
  return `${historyPrefix(accountId, region)}${day(second)}/${padTime(second)}/${within}${eventId}`;
}

export interface StoredEvent {
  key: string;
  event: CloudTrailEvent;
  /** The commit that wrote it (trail delivery uses it to find records committed late). */
  version: number;
}

export interface EventQuery {
  accountId: string;
  region: string;
  /** Inclusive, ms. */
  startTime?: number;
  /** Exclusive, ms. */
  endTime?: number;
  /** Newest first (LookupEvents' order). */
  newestFirst?: boolean;
  /** Continue after this key (a page token). */
  after?: string;
  limit: number;
}

/** Events of one account and region in a time range, in time order. */
export async function readEvents(reader: StoreReader, query: EventQuery): Promise<StoredEvent[]> {
  const prefix = historyPrefix(query.accountId, query.region);
  const bound = (ms: number) => `${prefix}${day(ms)}/${padTime(ms)}`;
  const start = query.startTime === undefined ? prefix : bound(query.startTime);
  let end = query.endTime === undefined ? `${prefix}\uffff` : bound(query.endTime);
  let after: string | undefined;
  if (query.after !== undefined) {
    if (query.newestFirst) end = query.after;
    else after = query.after;
  }
  const records = await reader.list<JsonValue>({ prefix, start, end, after, limit: query.limit, reverse: query.newestFirst === true });
  return records.map((record) => ({ key: record.key, event: record.value as unknown as CloudTrailEvent, version: record.version }));
}

/** The regions an account has history in, one seek per region. */
export async function historyRegions(reader: StoreReader, accountId: string): Promise<string[]> {
  const prefix = `audit/${accountId}/`;
  const regions: string[] = [];
  let start = prefix;
  for (;;) {
    const [first] = await reader.list({ prefix, start, limit: 1 });
    if (!first) return regions;
    const region = first.key.slice(prefix.length).split('/')[0];
    regions.push(region);
    start = `${prefix}${region}0`; // '0' sorts after '/': past this region
  }
}

/** Deletes every day of history older than the retention period; returns the days removed. */
export async function expireHistory(store: Store, now: number): Promise<number> {
  const cutoff = day(now - RETENTION_DAYS * DAY_MS);
  let removed = 0;
  let start = 'audit/';
  // Walk account/region prefixes, then their days, seeking past each one.
  for (;;) {
    const [first] = await store.list({ prefix: 'audit/', start, limit: 1 });
    if (!first) return removed;
    const [, account, region, firstDay] = first.key.split('/');
    const regionPrefix = historyPrefix(account, region);
    if (firstDay < cutoff) {
      await store.deletePrefix(`${regionPrefix}${firstDay}/`);
      removed++;
      start = `${regionPrefix}${firstDay}0`; // '0' sorts after '/': past this day
      continue;
    }
    start = `${regionPrefix.slice(0, -1)}0`; // past this account and region
  }
}

// IAM's Marker/MaxItems paging over a sorted list: the marker is opaque to callers; Rampart's is the
// sort key of the next item, base64url-encoded, so a page stays right when items come and go.
import { invalidInput } from './errors.js';

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

export function paginate<T>(items: readonly T[], keyOf: (item: T) => string, marker: string | undefined, maxItems: number | undefined): Page<T> {
  const limit = maxItems ?? 100;
  let start = 0;
  if (marker !== undefined) {
    let from: string;
    try {
      from = Buffer.from(marker, 'base64url').toString('utf8');
    } catch {
      throw invalidInput('Invalid Marker.');
    }
    if (from === '') throw invalidInput('Invalid Marker.');
    start = items.findIndex((item) => keyOf(item) >= from);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + limit);
  const next = items[start + limit];
  if (next === undefined) return { items: page, IsTruncated: false };
  return { items: page, IsTruncated: true, Marker: Buffer.from(keyOf(next), 'utf8').toString('base64url') };
}

/** The paging members of a response (IsTruncated, and Marker when there is more). */
export function pageFields<T>(page: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return page.Marker === undefined ? { IsTruncated: page.IsTruncated } : { IsTruncated: true, Marker: page.Marker };
}

/** Path prefix filtering as IAM does it: a plain prefix of the entity's path. */
export function matchesPathPrefix(path: string, prefix: string | undefined): boolean {
  return prefix === undefined || path.startsWith(prefix);
}

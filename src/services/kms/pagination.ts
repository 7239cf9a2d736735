// Limit and Marker of the List operations. A marker is opaque to callers: it names the last item of
// the previous page; one this KMS did not issue is InvalidMarkerException.
import { AwsError } from '../../errors.js';

export function pageLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (limit > max) {
    throw new AwsError('ValidationException', `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  }
  return limit;
}

const MARKER_PREFIX = 'rampart1:';

export function encodeMarker(lastItem: string): string {
  return Buffer.from(MARKER_PREFIX + lastItem, 'utf8').toString('base64url');
}

export function decodeMarker(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const text = /^[A-Za-z0-9_-]+$/.test(marker) ? Buffer.from(marker, 'base64url').toString('utf8') : '';
  if (!text.startsWith(MARKER_PREFIX) || text.length === MARKER_PREFIX.length) {
    throw new AwsError('InvalidMarkerException', 'The marker that specifies where pagination should next begin is not valid.');
  }
  return text.slice(MARKER_PREFIX.length);
}

/** A page of `items` (already ordered) after the marker, with NextMarker/Truncated as AWS sets them. */
export function page<T>(items: readonly T[], idOf: (item: T) => string, limit: number, marker: string | undefined) {
  const after = decodeMarker(marker);
  const start = after === undefined ? 0 : items.findIndex((item) => idOf(item) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const pageItems = rest.slice(0, limit);
  const truncated = rest.length > limit;
  return { items: pageItems, truncated, nextMarker: truncated ? encodeMarker(idOf(pageItems[pageItems.length - 1])) : undefined };
}

// NextToken for Parameter Store's listings: opaque to callers, it names where the previous page
// stopped (a storage key or a version number) and which listing issued it; anything else is
// InvalidNextToken. Listings scan one or more key ranges in key order, stop at a scan budget (AWS
// documents that a page may hold fewer than MaxResults, with a NextToken), and resume after the token.
import { AwsError } from '../../errors.js';
import type { JsonValue, StoredRecord, StoreReader } from '../../storage/types.js';

const PREFIX = 'rampart-ssm1:';
export const invalidNextToken = () => new AwsError('InvalidNextToken', 'The specified token isn\'t valid.');

export function encodeToken(kind: string, position: string): string {
  return Buffer.from(`${PREFIX}${kind}:${position}`, 'utf8').toString('base64url');
}

export function decodeToken(kind: string, token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const head = `${PREFIX}${kind}:`;
  if (!text.startsWith(head) || text.length === head.length) throw invalidNextToken();
  return text.slice(head.length);
}

export interface ScanResult<T> {
  items: T[];
  /** The last key examined when more may follow. */
  resumeAfter?: string;
}

/**
 * Up to `want` items from the ranges (prefixes, in key order) after key `after`, keeping those
 * `accept` returns; stops early after examining `budget` records.
 */
export async function scanRanges<T>(
  reader: StoreReader,
  prefixes: readonly string[],
  after: string | undefined,
  want: number,
  accept: (row: StoredRecord<JsonValue>) => T | undefined,
  budget = 1000,
): Promise<ScanResult<T>> {
  const items: T[] = [];
  let examined = 0;
  let cursor = after;
  for (const prefix of prefixes) {
    for (;;) {
      const limit = Math.min(100, Math.max(want - items.length + 1, 10));
      const batch = await reader.list<JsonValue>({ prefix, after: cursor, limit });
      for (const row of batch) {
        const item = accept(row);
        if (item !== undefined) {
          if (items.length === want) return { items, resumeAfter: cursor };
          items.push(item);
        }
        cursor = row.key;
        if (++examined >= budget) return { items, resumeAfter: cursor };
      }
      if (batch.length < limit) break;
    }
  }
  return { items };
}

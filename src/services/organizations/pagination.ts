// Organizations' NextToken/MaxResults paging over a sorted list. MaxResults is at most 20 (the model's
// limit) and that is also the page size when it is left out. The token is opaque to callers; Rampart's
// is the sort key of the next item, base64url-encoded, so a page stays right when items come and go.
import { invalidInput } from './errors.js';

export const DEFAULT_PAGE_SIZE = 20;

export interface Page<T> {
  items: T[];
  NextToken?: string;
}

export function paginate<T>(items: readonly T[], keyOf: (item: T) => string, nextToken: string | undefined, maxResults: number | undefined): Page<T> {
  const limit = maxResults ?? DEFAULT_PAGE_SIZE;
  let start = 0;
  if (nextToken !== undefined) {
    const from = Buffer.from(nextToken, 'base64url').toString('utf8');
    // A token Rampart did not make does not survive the round trip.
    if (from === '' || Buffer.from(from, 'utf8').toString('base64url') !== nextToken) throw invalidInput('INVALID_NEXT_TOKEN');
    start = items.findIndex((item) => keyOf(item) >= from);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + limit);
  const next = items[start + limit];
  return next === undefined ? { items: page } : { items: page, NextToken: Buffer.from(keyOf(next), 'utf8').toString('base64url') };
}

/** The paging member of a response: NextToken only when there is more. */
export const nextTokenField = <T>(page: Page<T>): { NextToken?: string } => (page.NextToken === undefined ? {} : { NextToken: page.NextToken });

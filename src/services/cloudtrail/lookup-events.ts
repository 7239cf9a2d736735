// LookupEvents: the account's event history in the caller's region (90 days), newest first, filtered by
// at most one lookup attribute. Like CloudTrail, a call reads a bounded stretch of history: a filter that
// matches rarely can answer a short (even empty) page with a NextToken to continue from.
import type { CloudTrailEvent } from '../../audit/event.js';
import { readEvents, RETENTION_DAYS } from '../../audit/event-store.js';
import type { Keyring } from '../../crypto/keyring.js';
import { AwsError } from '../../errors.js';
import type { CloudtrailEvent, LookupAttribute, LookupEventsRequest, LookupEventsResponse } from '../../generated/cloudtrail/types.js';
import type { HandlerContext } from '../types.js';
import { invalidTimeRange } from './errors.js';
import { issueToken, openToken, queryHash } from './lookup-token.js';

const DEFAULT_MAX_RESULTS = 50;
const SCAN_BUDGET = 10_000;
const CHUNK = 250;
const DAY_MS = 86_400_000;

/** LookupEvents' Username: the IAM user's name, the role session's name, "root" for the account. */
export function lookupUsername(identity: Record<string, unknown>): string | undefined {
  const arn = typeof identity.arn === 'string' ? identity.arn : '';
  switch (identity.type) {
    case 'Root':
      return 'root';
    case 'IAMUser':
      return typeof identity.userName === 'string' ? identity.userName : arn.split('/').pop();
    case 'AssumedRole':
      return arn.split('/')[2];
    case 'FederatedUser':
      return arn.split('/')[1];
    default:
      return typeof identity.principalId === 'string' ? identity.principalId : undefined;
  }
}

function matches(attribute: LookupAttribute | undefined, event: CloudTrailEvent): boolean {
  if (!attribute) return true;
  const value = attribute.AttributeValue;
  switch (attribute.AttributeKey) {
    case 'EventId':
      return event.eventID === value;
    case 'EventName':
      return event.eventName === value;
    case 'ReadOnly':
      return String(event.readOnly) === value.toLowerCase();
    case 'Username':
      return lookupUsername(event.userIdentity) === value;
    case 'ResourceType':
      return (event.resources ?? []).some((r) => r.type === value);
    case 'ResourceName':
      return (event.resources ?? []).some((r) => r.ARN === value || r.ARN.split(/[:/]/).pop() === value);
    case 'EventSource':
      return event.eventSource === value;
    case 'AccessKeyId':
      return event.userIdentity.accessKeyId === value;
  }
}

function lookupShape(event: CloudTrailEvent): CloudtrailEvent {
  const shape: CloudtrailEvent = {
    EventId: event.eventID,
    EventName: event.eventName,
    ReadOnly: String(event.readOnly),
    EventTime: new Date(event.eventTime),
    EventSource: event.eventSource,
    Resources: (event.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.ARN })),
    CloudTrailEvent: JSON.stringify(event),
  };
  if (typeof event.userIdentity.accessKeyId === 'string') shape.AccessKeyId = event.userIdentity.accessKeyId;
  const username = lookupUsername(event.userIdentity);
  if (username !== undefined) shape.Username = username;
  return shape;
}

export async function LookupEvents(input: LookupEventsRequest, ctx: HandlerContext, keyring: Keyring): Promise<LookupEventsResponse> {
  const attributes = input.LookupAttributes ?? [];
  if (attributes.length > 1) {
    throw new AwsError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
  }
  const attribute = attributes[0];
  if (attribute?.AttributeKey === 'ReadOnly' && !['true', 'false'].includes(attribute.AttributeValue.toLowerCase())) {
    throw new AwsError('InvalidLookupAttributesException', 'The ReadOnly lookup attribute must be true or false.');
  }
  const maxResults = input.MaxResults ?? DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > DEFAULT_MAX_RESULTS) {
    throw new AwsError('InvalidMaxResultsException', `MaxResults must be from 1 to ${DEFAULT_MAX_RESULTS}.`);
  }
  const start = input.StartTime?.getTime() ?? ctx.now - RETENTION_DAYS * DAY_MS;
  const end = input.EndTime?.getTime() ?? ctx.now;
  if (start > end) throw invalidTimeRange('Start time must be before end time.');

  // A token continues only the query that issued it (the times as given, not their defaults).
  const query = queryHash([attribute?.AttributeKey, attribute?.AttributeValue, input.StartTime?.getTime(), input.EndTime?.getTime(), input.EventCategory ?? null]);
  let position = input.NextToken === undefined ? undefined : openToken(keyring, ctx.accountId, ctx.region, input.NextToken, query);

  // Rampart records no Insights events: a lookup of that category has nothing to find.
  if (input.EventCategory === 'insight') return { Events: [] };

  const events: CloudtrailEvent[] = [];
  let scanned = 0;
  let lastReturned: string | undefined;
  for (;;) {
    const chunk = await readEvents(ctx.tx, {
      accountId: ctx.accountId,
      region: ctx.region,
      startTime: start,
      endTime: end + 1, // EndTime is inclusive
      newestFirst: true,
      after: position,
      limit: CHUNK,
    });
    for (const { key, event } of chunk) {
      scanned++;
      position = key;
      if (!matches(attribute, event)) continue;
      events.push(lookupShape(event));
      lastReturned = key;
      if (events.length === maxResults) break;
    }
    if (events.length === maxResults) {
      // More pages only if anything older remains.
      const [older] = await readEvents(ctx.tx, { accountId: ctx.accountId, region: ctx.region, startTime: start, newestFirst: true, after: lastReturned, limit: 1 });
      return older ? { Events: events, NextToken: issueToken(keyring, ctx.accountId, ctx.region, lastReturned!, query) } : { Events: events };
    }
    if (chunk.length < CHUNK) return { Events: events };
    if (scanned >= SCAN_BUDGET) return { Events: events, NextToken: issueToken(keyring, ctx.accountId, ctx.region, position!, query) };
  }
}

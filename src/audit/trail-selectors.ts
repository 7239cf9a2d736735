// Which events a trail logs: its event selectors (basic or advanced, as PutEventSelectors stored them,
// already validated) and whether it takes global service events. A trail without selectors logs every
// management event, read and write, and no data events. An event is logged when it matches any selector.
import type { AdvancedEventSelector, AdvancedFieldSelector, DataResource, EventSelector } from '../generated/cloudtrail/types.js';
import type { CloudTrailEvent } from './event.js';

/** Services CloudTrail treats as global (their events are recorded in us-east-1). */
export const GLOBAL_EVENT_SOURCES: ReadonlySet<string> = new Set([
  'iam.amazonaws.com',
  'organizations.amazonaws.com',
  'cloudfront.amazonaws.com',
  'route53.amazonaws.com',
  'signin.amazonaws.com',
]);

export interface TrailEventScope {
  includeGlobalServiceEvents: boolean;
  eventSelectors?: EventSelector[];
  advancedEventSelectors?: AdvancedEventSelector[];
}

/** The selector a trail has until PutEventSelectors gives it others. */
export const DEFAULT_EVENT_SELECTOR: Required<EventSelector> = {
  ReadWriteType: 'All',
  IncludeManagementEvents: true,
  DataResources: [],
  ExcludeManagementEventSources: [],
};

/** The event fields the selectors read; `eventCategory` is 'Management' for every event Rampart records today. */
type SelectableEvent = Pick<CloudTrailEvent, 'eventSource' | 'eventName' | 'readOnly' | 'eventType' | 'errorCode' | 'resources' | 'userIdentity'> & {
  eventCategory: string;
};

export function trailLogsEvent(scope: TrailEventScope, event: SelectableEvent): boolean {
  if (!scope.includeGlobalServiceEvents && GLOBAL_EVENT_SOURCES.has(event.eventSource)) return false;
  if (scope.advancedEventSelectors && scope.advancedEventSelectors.length > 0) {
    return scope.advancedEventSelectors.some((selector) => selector.FieldSelectors.every((field) => fieldMatches(field, event)));
  }
  const selectors = scope.eventSelectors && scope.eventSelectors.length > 0 ? scope.eventSelectors : [DEFAULT_EVENT_SELECTOR];
  return selectors.some((selector) => basicMatches(selector, event));
}

function readWriteMatches(type: EventSelector['ReadWriteType'], readOnly: boolean): boolean {
  return type === undefined || type === 'All' || (type === 'ReadOnly') === readOnly;
}

function basicMatches(selector: EventSelector, event: SelectableEvent): boolean {
  if (!readWriteMatches(selector.ReadWriteType, event.readOnly)) return false;
  if (event.eventCategory === 'Management') {
    return selector.IncludeManagementEvents !== false && !(selector.ExcludeManagementEventSources ?? []).includes(event.eventSource);
  }
  if (event.eventCategory === 'Data') {
    return (selector.DataResources ?? []).some((resource) => dataResourceMatches(resource, event));
  }
  return false;
}

/**
 * A data resource names a resource type and ARNs: a bare service prefix ("arn:aws:s3") takes every
 * resource of the type, S3 object values are prefixes of object ARNs, other values are exact ARNs.
 */
function dataResourceMatches(resource: DataResource, event: SelectableEvent): boolean {
  const resources = (event.resources ?? []).filter((r) => r.type === resource.Type);
  return resources.some((r) =>
    (resource.Values ?? []).some((value) => {
      if (/^arn:[a-z-]+:[a-z0-9-]+:?$/.test(value)) return r.ARN.startsWith(value.replace(/:?$/, ':'));
      if (resource.Type === 'AWS::S3::Object') return r.ARN.startsWith(value);
      return r.ARN === value;
    }),
  );
}

/** The values an event has for an advanced selector's field (several for resources.*, none when absent). */
function fieldValues(field: string, event: SelectableEvent): string[] {
  switch (field) {
    case 'readOnly':
      return [String(event.readOnly)];
    case 'eventCategory':
      return [event.eventCategory];
    case 'eventSource':
      return [event.eventSource];
    case 'eventName':
      return [event.eventName];
    case 'eventType':
      return [event.eventType];
    case 'errorCode':
      return event.errorCode === undefined ? [] : [event.errorCode];
    case 'resources.type':
      return (event.resources ?? []).map((r) => r.type);
    case 'resources.ARN':
      return (event.resources ?? []).map((r) => r.ARN);
    case 'userIdentity.arn':
      return typeof event.userIdentity.arn === 'string' ? [event.userIdentity.arn] : [];
    default:
      // sessionCredentialFromConsole, vpcEndpointId, ...: no Rampart event carries them.
      return [];
  }
}

/** Positive operators: some value must match one of them (when any is given); negative ones: no value may match. */
function fieldMatches(selector: AdvancedFieldSelector, event: SelectableEvent): boolean {
  const values = fieldValues(selector.Field, event);
  const positive = (v: string) =>
    (selector.Equals ?? []).includes(v) ||
    (selector.StartsWith ?? []).some((p) => v.startsWith(p)) ||
    (selector.EndsWith ?? []).some((s) => v.endsWith(s));
  const negative = (v: string) =>
    (selector.NotEquals ?? []).includes(v) ||
    (selector.NotStartsWith ?? []).some((p) => v.startsWith(p)) ||
    (selector.NotEndsWith ?? []).some((s) => v.endsWith(s));
  const hasPositive = [selector.Equals, selector.StartsWith, selector.EndsWith].some((list) => list !== undefined && list.length > 0);
  if (hasPositive && !values.some(positive)) return false;
  return !values.some(negative);
}

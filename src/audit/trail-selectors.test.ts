import { describe, expect, it } from 'vitest';
import { trailLogsEvent } from './trail-selectors.js';

const event = (overrides: Partial<Parameters<typeof trailLogsEvent>[1]> = {}): Parameters<typeof trailLogsEvent>[1] => ({
  eventSource: 'kms.amazonaws.com',
  eventName: 'GenerateRandom',
  readOnly: true,
  eventType: 'AwsApiCall',
  eventCategory: 'Management',
  userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' },
  ...overrides,
});
const write = event({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'CreateTrail', readOnly: false });
const iam = event({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', readOnly: false });
const dataEvent = event({
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  eventCategory: 'Data',
  resources: [{ accountId: '111122223333', type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::logs-bucket/reports/a.csv' }],
});

describe('which events a trail logs', () => {
  it('logs every management event and no data event by default', () => {
    const scope = { includeGlobalServiceEvents: true };
    expect([event(), write, iam, dataEvent].map((e) => trailLogsEvent(scope, e))).toEqual([true, true, true, false]);
  });

  it('leaves global service events out unless the trail includes them', () => {
    expect(trailLogsEvent({ includeGlobalServiceEvents: false }, iam)).toBe(false);
    expect(trailLogsEvent({ includeGlobalServiceEvents: false }, write)).toBe(true);
  });

  it('honours ReadWriteType, IncludeManagementEvents and ExcludeManagementEventSources', () => {
    const only = (ReadWriteType: 'ReadOnly' | 'WriteOnly') => ({ includeGlobalServiceEvents: true, eventSelectors: [{ ReadWriteType }] });
    expect([event(), write].map((e) => trailLogsEvent(only('WriteOnly'), e))).toEqual([false, true]);
    expect([event(), write].map((e) => trailLogsEvent(only('ReadOnly'), e))).toEqual([true, false]);
    expect(trailLogsEvent({ includeGlobalServiceEvents: true, eventSelectors: [{ IncludeManagementEvents: false }] }, write)).toBe(false);
    const noKms = { includeGlobalServiceEvents: true, eventSelectors: [{ ExcludeManagementEventSources: ['kms.amazonaws.com'] }] };
    expect([event(), write].map((e) => trailLogsEvent(noKms, e))).toEqual([false, true]);
  });

  it('matches data resources by ARN prefix for S3 objects', () => {
    const scope = (Values: string[]) => ({
      includeGlobalServiceEvents: true,
      eventSelectors: [{ IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values }] }],
    });
    expect(trailLogsEvent(scope(['arn:aws:s3:::logs-bucket/reports/']), dataEvent)).toBe(true);
    expect(trailLogsEvent(scope(['arn:aws:s3']), dataEvent)).toBe(true);
    expect(trailLogsEvent(scope(['arn:aws:s3:::other-bucket/']), dataEvent)).toBe(false);
  });

  it('applies advanced selectors: every condition of a selector, any selector', () => {
    const scope = {
      includeGlobalServiceEvents: true,
      advancedEventSelectors: [
        { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }, { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }] },
        { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::logs-bucket/'] }] },
      ],
    };
    expect([event(), write, event({ readOnly: false }), dataEvent].map((e) => trailLogsEvent(scope, e))).toEqual([false, true, false, true]);
  });
});

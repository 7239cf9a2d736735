// `aws cloudtrail lookup-events` against Rampart: the calls just made, newest first, with who made them
// and how they ended; filtered by each lookup attribute and by time; paginated with tokens that only
// continue their own query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, cliErrorCode } from '../../helpers/aws-cli.js';
import { startInProcess, testBackends } from '../../helpers/rampart.js';

interface LookupEvent {
  EventId: string;
  EventName: string;
  ReadOnly: string;
  AccessKeyId?: string;
  /** The AWS CLI prints epoch seconds (with no timestamp format configured). */
  EventTime: number | string;
  EventSource: string;
  Username?: string;
  Resources: { ResourceType: string; ResourceName: string }[];
  CloudTrailEvent: string;
}

const timeOf = (e: LookupEvent) => (typeof e.EventTime === 'number' ? e.EventTime * 1000 : Date.parse(e.EventTime));

describe.each(testBackends())('aws cloudtrail lookup-events on %s', (backend) => {
  let server: Awaited<ReturnType<typeof startInProcess>>;
  let trailArn: string;
  const cli = (args: string[]) => awsCli(server, args);
  const lookup = async (args: string[] = []): Promise<{ Events: LookupEvent[]; NextToken?: string }> => {
    const result = await cli(['cloudtrail', 'lookup-events', ...args]);
    if (result.code !== 0) throw new Error(`lookup-events failed: ${result.stderr}`);
    return JSON.parse(result.stdout);
  };
  const byAttribute = (key: string, value: string, extra: string[] = []) => lookup(['--lookup-attributes', `AttributeKey=${key},AttributeValue=${value}`, ...extra]);

  beforeAll(async () => {
    // Development mode only to move the clock a second between calls: event times are whole seconds,
    // and calls within one second have no order.
    server = await startInProcess({ backend, dev: true });
    const call = async (args: string[]) => {
      const result = await cli(args);
      await server.advanceClock(1);
      return result;
    };
    for (let i = 0; i < 3; i++) expect((await call(['sts', 'get-caller-identity'])).code).toBe(0);
    const failed = await call(['kms', 'generate-random', '--number-of-bytes', '2000']);
    expect(cliErrorCode(failed)).toBe('ValidationException');
    const created = await call(['cloudtrail', 'create-trail', '--name', 'lookup-trail', '--s3-bucket-name', 'lookup-logs']);
    expect(created.code).toBe(0);
    trailArn = JSON.parse(created.stdout).TrailARN;
    expect((await call(['sts', 'get-caller-identity', '--region', 'eu-west-1'])).code).toBe(0);
  });
  afterAll(() => server?.destroy());

  it('shows the calls just made, newest first, with the caller and the error code', async () => {
    const { Events } = await lookup();
    const names = Events.map((e) => e.EventName);
    // The lookups themselves are recorded too; the calls are in the order they were made, newest first.
    const made = names.filter((n) => ['GetCallerIdentity', 'GenerateRandom', 'CreateTrail'].includes(n));
    expect(made).toEqual(['CreateTrail', 'GenerateRandom', 'GetCallerIdentity', 'GetCallerIdentity', 'GetCallerIdentity']);
    const times = Events.map(timeOf);
    expect(times.every(Number.isFinite)).toBe(true);
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const identity = Events.find((e) => e.EventName === 'GetCallerIdentity')!;
    expect(identity).toMatchObject({
      EventSource: 'sts.amazonaws.com',
      ReadOnly: 'true',
      Username: 'root',
      AccessKeyId: server.credentials.accessKeyId,
      Resources: [],
    });
    expect(JSON.parse(identity.CloudTrailEvent)).toMatchObject({
      eventID: identity.EventId,
      eventName: 'GetCallerIdentity',
      userIdentity: { type: 'Root', arn: 'arn:aws:iam::000000000000:root', accountId: '000000000000' },
      awsRegion: 'us-east-1',
    });
    expect(JSON.parse(identity.CloudTrailEvent).userAgent).toMatch(/aws-cli/);

    const random = JSON.parse(Events.find((e) => e.EventName === 'GenerateRandom')!.CloudTrailEvent);
    expect(random).toMatchObject({ eventSource: 'kms.amazonaws.com', errorCode: 'ValidationException' });

    const create = Events.find((e) => e.EventName === 'CreateTrail')!;
    expect(create).toMatchObject({ ReadOnly: 'false', Resources: [{ ResourceType: 'AWS::CloudTrail::Trail', ResourceName: trailArn }] });
  });

  it('filters by each lookup attribute', async () => {
    const all = (await lookup()).Events;
    // The AWS CLI takes a while to start: ask everything at once.
    const [names, sources, writes, roots, nobody, keys, otherKey, byId, byType, byName] = await Promise.all([
      byAttribute('EventName', 'GetCallerIdentity'),
      byAttribute('EventSource', 'kms.amazonaws.com'),
      byAttribute('ReadOnly', 'false'),
      byAttribute('Username', 'root'),
      byAttribute('Username', 'somebody-else'),
      byAttribute('AccessKeyId', server.credentials.accessKeyId),
      byAttribute('AccessKeyId', 'AKIAIOSFODNN7EXAMPLE'),
      byAttribute('EventId', all[3].EventId),
      byAttribute('ResourceType', 'AWS::CloudTrail::Trail'),
      byAttribute('ResourceName', trailArn),
    ]);
    const only = (events: LookupEvent[], test: (e: LookupEvent) => boolean) => {
      expect(events.length).toBeGreaterThan(0);
      expect(events.every(test)).toBe(true);
    };
    expect(names.Events.map((e) => e.EventName)).toEqual(['GetCallerIdentity', 'GetCallerIdentity', 'GetCallerIdentity']);
    expect(sources.Events.map((e) => e.EventName)).toEqual(['GenerateRandom']);
    only(writes.Events, (e) => e.ReadOnly === 'false');
    expect(writes.Events.map((e) => e.EventName)).toContain('CreateTrail');
    only(roots.Events, (e) => e.Username === 'root');
    expect(nobody.Events).toEqual([]);
    only(keys.Events, (e) => e.AccessKeyId === server.credentials.accessKeyId);
    expect(otherKey.Events).toEqual([]);
    expect(byId.Events.map((e) => e.EventId)).toEqual([all[3].EventId]);
    expect(byType.Events.map((e) => e.EventName)).toEqual(['CreateTrail']);
    expect(byName.Events.map((e) => e.EventName)).toEqual(['CreateTrail']);
  });

  it('filters by time', async () => {
    const { Events } = await byAttribute('EventName', 'GetCallerIdentity');
    const newest = timeOf(Events[0]);
    const after = new Date(newest + 1000).toISOString();
    expect((await byAttribute('EventName', 'GetCallerIdentity', ['--start-time', after])).Events).toEqual([]);
    const exactly = new Date(newest).toISOString();
    expect((await byAttribute('EventName', 'GetCallerIdentity', ['--start-time', exactly, '--end-time', exactly])).Events.length).toBeGreaterThan(0);
    const before = new Date(timeOf(Events[Events.length - 1]) - 1000).toISOString();
    expect((await byAttribute('EventName', 'GetCallerIdentity', ['--end-time', before])).Events).toEqual([]);
  });

  it('pages with NextToken, as the CLI’s paginator and by hand', async () => {
    const whole = (await byAttribute('EventName', 'GetCallerIdentity')).Events.map((e) => e.EventId);
    const first = await byAttribute('EventName', 'GetCallerIdentity', ['--page-size', '1', '--max-items', '2']);
    expect(first.Events.map((e) => e.EventId)).toEqual(whole.slice(0, 2));
    expect(first.NextToken).toBeTruthy();
    const rest = await byAttribute('EventName', 'GetCallerIdentity', ['--page-size', '1', '--starting-token', first.NextToken!]);
    expect(rest.Events.map((e) => e.EventId)).toEqual(whole.slice(2));

    const page1 = await byAttribute('EventName', 'GetCallerIdentity', ['--max-results', '2', '--no-paginate']);
    expect(page1.Events).toHaveLength(2);
    const page2 = await byAttribute('EventName', 'GetCallerIdentity', ['--max-results', '2', '--no-paginate', '--next-token', page1.NextToken!]);
    expect(page2.Events.map((e) => e.EventId)).toEqual(whole.slice(2));
    expect(page2.NextToken).toBeUndefined();
  });

  it('refuses a token that was changed, or that another query issued', async () => {
    const { NextToken } = await byAttribute('EventName', 'GetCallerIdentity', ['--max-results', '1', '--no-paginate']);
    const changed = NextToken!.slice(0, 10) + (NextToken![10] === 'A' ? 'B' : 'A') + NextToken!.slice(11);
    const tampered = await cli(['cloudtrail', 'lookup-events', '--no-paginate', '--max-results', '1', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=GetCallerIdentity', '--next-token', changed]);
    expect(cliErrorCode(tampered)).toBe('InvalidNextTokenException');
    const other = await cli(['cloudtrail', 'lookup-events', '--no-paginate', '--lookup-attributes', 'AttributeKey=EventSource,AttributeValue=sts.amazonaws.com', '--next-token', NextToken!]);
    expect(cliErrorCode(other)).toBe('InvalidNextTokenException');
    const garbage = await cli(['cloudtrail', 'lookup-events', '--no-paginate', '--next-token', 'not-a-token']);
    expect(cliErrorCode(garbage)).toBe('InvalidNextTokenException');
  });

  it('refuses two lookup attributes, a bad ReadOnly value, a start after the end, and more than 50 results', async () => {
    const two = await cli([
      'cloudtrail',
      'lookup-events',
      '--lookup-attributes',
      'AttributeKey=EventName,AttributeValue=GetCallerIdentity',
      'AttributeKey=ReadOnly,AttributeValue=true',
    ]);
    expect(cliErrorCode(two)).toBe('InvalidLookupAttributesException');
    expect(cliErrorCode(await cli(['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=ReadOnly,AttributeValue=maybe']))).toBe(
      'InvalidLookupAttributesException',
    );
    const reversed = await cli(['cloudtrail', 'lookup-events', '--start-time', '2026-01-02T00:00:00Z', '--end-time', '2026-01-01T00:00:00Z']);
    expect(cliErrorCode(reversed)).toBe('InvalidTimeRangeException');
    const tooMany = await cli(['cloudtrail', 'lookup-events', '--no-paginate', '--max-results', '51']);
    expect(tooMany.code).not.toBe(0);
    expect(cliErrorCode(tooMany)).toBe('ValidationException');
  });

  it('keeps each region’s history apart, and finds no Insights events', async () => {
    const eu = await cli(['cloudtrail', 'lookup-events', '--region', 'eu-west-1']);
    const euEvents = (JSON.parse(eu.stdout) as { Events: LookupEvent[] }).Events;
    expect(euEvents.filter((e) => e.EventName !== 'LookupEvents').map((e) => e.EventName)).toEqual(['GetCallerIdentity']);
    expect((await lookup(['--event-category', 'insight'])).Events).toEqual([]);
  });
});

// Parameter policies on a development server whose clock the tests move, on SQLite and PostgreSQL:
// an Expiration policy deletes the parameter when due, ExpirationNotification and
// NoChangeNotification record their "Parameter Store Policy Action" events in the event log when
// due (and not before), and the policy JSON is validated as AWS validates it.
import { DescribeParametersCommand, GetParameterCommand, GetParameterHistoryCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEvents, type EventRecord } from '../../../src/events/event-log.js';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { errorCode, serverNow, ssmClient, unique } from './support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;
const HOUR = 3600;
const DAY = 24 * HOUR;

describe.each(testBackends())('parameter policies on %s', (backend) => {
  let server: Server;
  let account: string;

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
    const ssm = await ssmClient(server);
    await ssm.send(new PutParameterCommand({ Name: '/probe', Value: 'x', Type: 'String' }));
    account = (await ssm.send(new GetParameterCommand({ Name: '/probe' }))).Parameter!.ARN!.split(':')[4]!;
  });
  afterAll(() => server?.destroy());

  const policyEvents = async (name: string): Promise<EventRecord[]> => {
    const events: EventRecord[] = [];
    let nextToken: string | undefined;
    do {
      const page = await listEvents(server.server.store, { account, region: 'us-east-1', source: 'aws.ssm', limit: 10, nextToken });
      events.push(...page.events);
      nextToken = page.nextToken;
    } while (nextToken);
    return events.filter((e) => e.detail['parameter-name'] === name);
  };

  it('expires a parameter when the clock passes its Expiration, after notifying before it', async () => {
    const ssm = await ssmClient(server);
    const name = `/${unique('expiring')}/token`;
    const expiresAt = new Date((await serverNow(server)) + 3 * DAY * 1000).toISOString();
    const policies = JSON.stringify([
      { Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: expiresAt } },
      { Type: 'ExpirationNotification', Version: '1.0', Attributes: { Before: '1', Unit: 'Days' } },
    ]);
    const put = await ssm.send(new PutParameterCommand({ Name: name, Value: 'v', Type: 'SecureString', Policies: policies, Tier: 'Intelligent-Tiering' }));
    expect(put.Tier).toBe('Advanced');
    const described = (await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [name] }] }))).Parameters![0]!;
    expect(described.Policies!.map((p) => [p.PolicyType, p.PolicyStatus])).toEqual([
      ['Expiration', 'Pending'],
      ['ExpirationNotification', 'Pending'],
    ]);
    expect(JSON.parse(described.Policies![0]!.PolicyText!)).toEqual({ Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: expiresAt } });

    await server.advanceClock(DAY);
    expect(await policyEvents(name)).toEqual([]);
    await server.advanceClock(DAY + HOUR);
    const notified = await policyEvents(name);
    expect(notified.length).toBe(1);
    expect(notified[0]).toMatchObject({
      version: '0',
      'detail-type': 'Parameter Store Policy Action',
      source: 'aws.ssm',
      account,
      region: 'us-east-1',
      resources: [`arn:aws:ssm:us-east-1:${account}:parameter${name}`],
      detail: { 'parameter-name': name, 'parameter-type': 'SecureString', 'policy-type': 'ExpirationNotification', action: 'ExpirationNotification' },
    });
    const later = await ssmClient(server);
    expect((await later.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter!.Value).toBe('v');
    const status = (await later.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [name] }] }))).Parameters![0]!.Policies!;
    expect(status.map((p) => p.PolicyStatus)).toEqual(['Pending', 'Finished']);

    await server.advanceClock(DAY);
    const after = await ssmClient(server);
    expect(await errorCode(after.send(new GetParameterCommand({ Name: name })))).toBe('ParameterNotFound');
    expect(await errorCode(after.send(new GetParameterHistoryCommand({ Name: name })))).toBe('ParameterNotFound');
    const events = await policyEvents(name);
    expect(events.map((e) => e.detail['policy-type'])).toEqual(['Expiration', 'ExpirationNotification']);
    expect(events[0]!.detail.action).toBe('Expired');
  });

  it('notifies when a parameter has not changed, counting from its latest version', async () => {
    const ssm = await ssmClient(server);
    const name = `/${unique('stale')}/password`;
    const policies = JSON.stringify([{ Type: 'NoChangeNotification', Version: '1.0', Attributes: { After: '2', Unit: 'Days' } }]);
    await ssm.send(new PutParameterCommand({ Name: name, Value: 'v1', Type: 'String', Tier: 'Advanced', Policies: policies }));
    await server.advanceClock(DAY + HOUR);
    // A change restarts the timer (the policies are kept from the previous version).
    await (await ssmClient(server)).send(new PutParameterCommand({ Name: name, Value: 'v2', Overwrite: true }));
    await server.advanceClock(DAY + HOUR);
    expect(await policyEvents(name)).toEqual([]);
    await server.advanceClock(DAY);
    const events = await policyEvents(name);
    expect(events.map((e) => [e.detail['policy-type'], e.detail['parameter-type']])).toEqual([['NoChangeNotification', 'String']]);
    expect((await (await ssmClient(server)).send(new GetParameterCommand({ Name: name }))).Parameter!.Value).toBe('v2');
  });

  it('validates policies as AWS does', async () => {
    const ssm = await ssmClient(server);
    const name = `/${unique('bad-policy')}/p`;
    const future = new Date((await serverNow(server)) + DAY * 1000).toISOString();
    const expiration = { Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: future } };
    const cases: [string, unknown, string?][] = [
      ['InvalidPolicyTypeException', [{ Type: 'Rotation', Version: '1.0', Attributes: {} }]],
      ['InvalidPolicyAttributeException', [{ Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: 'tomorrow' } }]],
      ['InvalidPolicyAttributeException', [{ Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: '2001-01-01T00:00:00Z' } }]],
      ['InvalidPolicyAttributeException', [{ Type: 'NoChangeNotification', Version: '1.0', Attributes: { After: '2', Unit: 'Weeks' } }]],
      ['InvalidPolicyAttributeException', [{ Type: 'NoChangeNotification', Version: '2.0', Attributes: { After: '2', Unit: 'Days' } }]],
      ['IncompatiblePolicyException', [expiration, expiration]],
      ['IncompatiblePolicyException', [{ Type: 'ExpirationNotification', Version: '1.0', Attributes: { Before: '1', Unit: 'Days' } }]],
      ['PoliciesLimitExceededException', Array.from({ length: 11 }, () => ({ Type: 'NoChangeNotification', Version: '1.0', Attributes: { After: '1', Unit: 'Days' } }))],
      ['ValidationException', [expiration], 'Standard'],
    ];
    for (const [code, policies, tier] of cases) {
      expect(await errorCode(ssm.send(new PutParameterCommand({ Name: name, Value: 'v', Type: 'String', Tier: (tier ?? 'Advanced') as 'Advanced', Policies: JSON.stringify(policies) })))).toBe(code);
    }
    expect(await errorCode(ssm.send(new GetParameterCommand({ Name: name })))).toBe('ParameterNotFound');
    // Several policies at once, with an offset timestamp.
    const offset = new Date((await serverNow(server)) + 2 * DAY * 1000).toISOString().replace('Z', '+00:00');
    await ssm.send(
      new PutParameterCommand({
        Name: name,
        Value: 'v',
        Type: 'String',
        Tier: 'Advanced',
        Policies: JSON.stringify([
          { Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: offset } },
          { Type: 'ExpirationNotification', Version: '1.0', Attributes: { Before: '12', Unit: 'Hours' } },
          { Type: 'NoChangeNotification', Version: '1.0', Attributes: { After: '1', Unit: 'Days' } },
        ]),
      }),
    );
    // An empty array removes them.
    await ssm.send(new PutParameterCommand({ Name: name, Value: 'v2', Overwrite: true, Policies: '[]' }));
    const described = (await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [name] }] }))).Parameters![0]!;
    expect(described.Policies).toEqual([]);
    await server.advanceClock(3 * DAY);
    expect((await (await ssmClient(server)).send(new GetParameterCommand({ Name: name }))).Parameter!.Value).toBe('v2');
    expect(await policyEvents(name)).toEqual([]);
  });
});

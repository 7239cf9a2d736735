// Rotation with rotation functions registered by ARN (RAMPART_ROTATION_FUNCTIONS): an HTTP endpoint
// and a local command that call back into Rampart as a rotation Lambda does. The four steps run in a
// scheduler job with AWSPENDING; a failing step leaves AWSCURRENT alone and is retried in the window;
// schedules run when the development clock passes them; CancelRotateSecret stops them.
import { resolve } from 'node:path';
import {
  CancelRotateSecretCommand,
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { eventually, failure, runDueJobs, smClient, stagesOf, startRotationEndpoint, uniqueName, type RotationEndpoint } from './support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;
const HTTP_FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:http-rotator';
const COMMAND_FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:command-rotator';
const FAILING_COMMAND = 'arn:aws:lambda:us-east-1:000000000000:function:command-fails-test';
const SCRIPT = resolve(import.meta.dirname, 'fixtures/rotate-command.mjs');

const currentOf = (stages: Record<string, string[]>) => Object.entries(stages).find(([, s]) => s.includes('AWSCURRENT'))?.[0];

describe.each(testBackends())('rotation through rotation functions on %s', (backend) => {
  let server: Server;
  let endpoint: RotationEndpoint;
  let sm: SecretsManagerClient;

  beforeAll(async () => {
    endpoint = await startRotationEndpoint(() => smClient(server));
    // In-process servers read the registration from this process's environment; the command gets the
    // endpoint and credentials once the server is up, so it is registered with placeholders replaced below.
    process.env.RAMPART_ROTATION_FUNCTIONS = JSON.stringify({ [HTTP_FUNCTION]: { url: endpoint.url } });
    server = await startInProcess({ backend, dev: true });
    delete process.env.RAMPART_ROTATION_FUNCTIONS;
    sm = await smClient(server);
  });
  afterAll(async () => {
    await server?.destroy();
    await endpoint?.close();
  });

  it('rotates at once: an empty AWSPENDING version, then the four steps, then AWSCURRENT and AWSPREVIOUS moved', async () => {
    const name = uniqueName('rotated');
    const first = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'initial' }));
    endpoint.events.length = 0;
    const rotated = await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: HTTP_FUNCTION, RotationRules: { AutomaticallyAfterDays: 30 } }));
    expect(rotated.VersionId).toBeDefined();
    await runDueJobs(server);
    const stages = await eventually(async () => {
      const s = await stagesOf(sm, name);
      expect(currentOf(s)).toBe(rotated.VersionId);
      return s;
    });
    expect(stages[first.VersionId!]).toEqual(['AWSPREVIOUS']);
    expect(endpoint.events.map((e) => e.Step)).toEqual(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    expect(new Set(endpoint.events.map((e) => e.ClientRequestToken))).toEqual(new Set([rotated.VersionId]));
    expect(endpoint.events.every((e) => e.SecretId === first.ARN && typeof e.RotationToken === 'string')).toBe(true);
    const value = await sm.send(new GetSecretValueCommand({ SecretId: name }));
    expect(value.SecretString).not.toBe('initial');
    const described = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described).toMatchObject({ RotationEnabled: true, RotationLambdaARN: HTTP_FUNCTION, RotationRules: { AutomaticallyAfterDays: 30 } });
    expect(described.LastRotatedDate).toBeInstanceOf(Date);
    expect(described.NextRotationDate!.getTime()).toBeGreaterThan(described.LastRotatedDate!.getTime() + 29 * 86_400_000);
  });

  it('leaves AWSCURRENT alone when testSecret fails, refuses a new rotation, retries, and succeeds once fixed', async () => {
    const name = uniqueName('flaky');
    const first = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'stable' }));
    endpoint.failing.add('testSecret');
    endpoint.events.length = 0;
    try {
      const rotated = await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: HTTP_FUNCTION }));
      await runDueJobs(server);
      await eventually(async () => expect(endpoint.events.map((e) => e.Step)).toEqual(['createSecret', 'setSecret', 'testSecret']));
      const stages = await stagesOf(sm, name);
      expect(currentOf(stages)).toBe(first.VersionId);
      expect(stages[rotated.VersionId!]).toEqual(['AWSPENDING']);
      expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('stable');
      const again = await failure(sm.send(new RotateSecretCommand({ SecretId: name })));
      expect(again).toMatchObject({ name: 'InvalidRequestException', message: "A previous rotation isn't complete. That rotation will be reattempted." });
      // The whole rotation is retried five minutes later, with the same version.
      await server.advanceClock(5 * 60 + 1);
      await eventually(async () => expect(endpoint.events.filter((e) => e.Step === 'testSecret')).toHaveLength(2));
      expect(new Set(endpoint.events.map((e) => e.ClientRequestToken))).toEqual(new Set([rotated.VersionId]));
      endpoint.failing.clear();
      await server.advanceClock(10 * 60 + 1);
      sm = await smClient(server);
      await eventually(async () => expect(currentOf(await stagesOf(sm, name))).toBe(rotated.VersionId));
    } finally {
      endpoint.failing.clear();
    }
  });

  it('runs the next rotation when the clock passes the schedule, and not after CancelRotateSecret', async () => {
    const name = uniqueName('scheduled');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'initial' }));
    await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: HTTP_FUNCTION, RotationRules: { ScheduleExpression: 'rate(4 hours)' }, RotateImmediately: false }));
    const before = await stagesOf(sm, name);
    const described = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described.RotationRules).toEqual({ ScheduleExpression: 'rate(4 hours)' });
    expect(described.LastRotatedDate).toBeUndefined();
    const due = described.NextRotationDate!.getTime();
    expect(Object.keys(before)).toHaveLength(1);
    await server.advanceClock(3 * 3600);
    sm = await smClient(server);
    expect(await stagesOf(sm, name)).toEqual(before);
    await server.advanceClock(Math.ceil((due - (Date.now() + 3 * 3600_000)) / 1000) + 3 * 3600);
    sm = await smClient(server);
    await eventually(async () => expect(currentOf(await stagesOf(sm, name))).not.toBe(currentOf(before)));
    const next = (await sm.send(new DescribeSecretCommand({ SecretId: name }))).NextRotationDate!.getTime();
    expect(next).toBeGreaterThan(due);

    const cancelled = await sm.send(new CancelRotateSecretCommand({ SecretId: name }));
    expect(cancelled.ARN).toBeDefined();
    const off = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(off.RotationEnabled).toBe(false);
    expect(off.NextRotationDate).toBeUndefined();
    const stages = await stagesOf(sm, name);
    await server.advanceClock(24 * 3600);
    sm = await smClient(server);
    expect(await stagesOf(sm, name)).toEqual(stages);
  });

  it('refuses functions it cannot invoke, bad schedules, and rotation without a function', async () => {
    const name = uniqueName('refused');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const unknown = await failure(sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: 'arn:aws:lambda:us-east-1:000000000000:function:nobody' })));
    expect(unknown.name).toBe('AccessDeniedException');
    const none = await failure(sm.send(new RotateSecretCommand({ SecretId: name })));
    expect(none.name).toBe('InvalidRequestException');
    for (const ScheduleExpression of ['rate(3 hours)', 'cron(5 10 * * ? *)', 'cron(0 10 * * ? 2030)', 'cron(0 0/2 * * ? *)', 'every day']) {
      const bad = await failure(sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: HTTP_FUNCTION, RotationRules: { ScheduleExpression } })));
      expect(bad.name, ScheduleExpression).toBe('InvalidParameterException');
    }
    const both = await failure(sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: HTTP_FUNCTION, RotationRules: { ScheduleExpression: 'rate(1 day)', AutomaticallyAfterDays: 1 } })));
    expect(both.name).toBe('InvalidParameterException');
    const days = await failure(sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: HTTP_FUNCTION, RotationRules: { AutomaticallyAfterDays: 1001 } })));
    expect(days.name).toBe('ValidationException');
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).RotationEnabled).toBeUndefined();
  });

  it('accepts cron schedules with a window', async () => {
    const name = uniqueName('cron');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: HTTP_FUNCTION, RotationRules: { ScheduleExpression: 'cron(0 16 ? * MON-FRI *)', Duration: '2h' }, RotateImmediately: false }));
    const described = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described.RotationRules).toEqual({ ScheduleExpression: 'cron(0 16 ? * MON-FRI *)', Duration: '2h' });
    const end = described.NextRotationDate!;
    expect(end.getUTCHours()).toBe(18);
    expect([1, 2, 3, 4, 5]).toContain(end.getUTCDay());
  });
});

describe('rotation through a local command', () => {
  let server: Server;
  let sm: SecretsManagerClient;

  beforeAll(async () => {
    // The command needs the server's address, which exists only once it listens: register after a first start.
    const probe = await startInProcess({ dev: true });
    const args = [probe.endpoint, probe.credentials.accessKeyId, probe.credentials.secretAccessKey];
    await probe.stop();
    process.env.RAMPART_ROTATION_FUNCTIONS = JSON.stringify({
      [COMMAND_FUNCTION]: { command: [process.execPath, SCRIPT, ...args] },
      [FAILING_COMMAND]: { command: [process.execPath, SCRIPT, ...args, 'testSecret'] },
    });
    server = await startInProcess({ dev: true, dataDir: probe.dataDir, env: { RAMPART_PORT: new URL(probe.endpoint).port } });
    delete process.env.RAMPART_ROTATION_FUNCTIONS;
    sm = await smClient(server);
  });
  afterAll(() => server?.destroy());

  it('rotates with a command that receives the event on stdin', async () => {
    const name = uniqueName('cmd');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'before' }));
    const rotated = await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: COMMAND_FUNCTION }));
    await runDueJobs(server);
    await eventually(async () => expect(currentOf(await stagesOf(sm, name))).toBe(rotated.VersionId));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toMatch(/^cmd:.{20}$/);
  });

  it('keeps AWSCURRENT when the command fails at testSecret; the pending label can be cleared by hand', async () => {
    const name = uniqueName('cmd-fail');
    const first = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'before' }));
    const rotated = await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: FAILING_COMMAND }));
    await runDueJobs(server);
    await eventually(async () => {
      const stages = await stagesOf(sm, name);
      expect(stages[rotated.VersionId!]).toEqual(['AWSPENDING']);
      expect((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPENDING' }))).SecretString).toMatch(/^cmd:/);
    });
    expect(currentOf(await stagesOf(sm, name))).toBe(first.VersionId);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('before');
    await sm.send(new CancelRotateSecretCommand({ SecretId: name }));
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSPENDING', RemoveFromVersionId: rotated.VersionId }));
    const retried = await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: COMMAND_FUNCTION }));
    await runDueJobs(server);
    await eventually(async () => expect(currentOf(await stagesOf(sm, name))).toBe(retried.VersionId));
  });
});

// Every authenticated call, allowed or failed, leaves a CloudTrail record before it is answered; the
// records carry who, what, where and how it ended, and never a plaintext or secret; an acknowledged
// call's record survives a crash of the process.
import { GenerateRandomCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from '../../../src/audit/event.js';
import { readEvents } from '../../../src/audit/event-store.js';
import { openStore } from '../../../src/storage/index.js';
import type { Store } from '../../../src/storage/types.js';
import { startChild, startInProcess, testBackends } from '../../helpers/rampart.js';

async function history(store: Store, accountId = '000000000000', region = 'us-east-1'): Promise<CloudTrailEvent[]> {
  return (await readEvents(store, { accountId, region, limit: 10_000 })).map((e) => e.event);
}

describe.each(testBackends())('audit records on %s', (backend) => {
  let server: Awaited<ReturnType<typeof startInProcess>>;
  let random: Uint8Array;

  beforeAll(async () => {
    server = await startInProcess({ backend });
    random = (await new KMSClient(server.clientConfig()).send(new GenerateRandomCommand({ NumberOfBytes: 48 }))).Plaintext!;
    await new STSClient({ ...server.clientConfig(), region: 'eu-west-1' }).send(new GetCallerIdentityCommand({}));
    await new KMSClient(server.clientConfig()).send(new GenerateRandomCommand({ NumberOfBytes: 2000 })).catch(() => undefined);
  });
  afterAll(() => server?.destroy());

  it('records a successful call with CloudTrail’s fields', async () => {
    const [event] = (await history(server.server.store)).filter((e) => e.eventName === 'GenerateRandom' && !e.errorCode);
    expect(event).toMatchObject({
      eventVersion: '1.09',
      userIdentity: { type: 'Root', principalId: '000000000000', arn: 'arn:aws:iam::000000000000:root', accountId: '000000000000', accessKeyId: server.credentials.accessKeyId },
      eventSource: 'kms.amazonaws.com',
      eventName: 'GenerateRandom',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      requestParameters: { numberOfBytes: 48 },
      responseElements: null,
      readOnly: true,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '000000000000',
      eventCategory: 'Management',
    });
    expect(event.userAgent).toContain('aws-sdk-js');
    expect(event.requestID).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.eventID).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(event.eventTime)).toBeGreaterThan(Date.now() - 120_000);
  });

  it('records a failed call with its error code and message', async () => {
    const [event] = (await history(server.server.store)).filter((e) => e.errorCode !== undefined);
    // Input that failed validation is not recorded: only what the model accepted is ever echoed.
    expect(event).toMatchObject({ eventName: 'GenerateRandom', errorCode: 'ValidationException', requestParameters: null });
    expect(event.errorMessage).toContain('numberOfBytes');
  });

  it('keeps each region’s history apart', async () => {
    const eu = await history(server.server.store, '000000000000', 'eu-west-1');
    expect(eu.map((e) => [e.eventSource, e.eventName])).toEqual([['sts.amazonaws.com', 'GetCallerIdentity']]);
  });

  it('never records a plaintext', async () => {
    const text = JSON.stringify(await history(server.server.store));
    expect(text).not.toContain(Buffer.from(random).toString('base64'));
    expect(text).not.toContain(server.credentials.secretAccessKey);
  });
});

describe.each(testBackends())('audit durability on %s', (backend) => {
  it('keeps the record of every acknowledged call across a crash', async () => {
    const server = await startChild({ backend });
    const acknowledged: string[] = [];
    const sts = new STSClient({ ...server.clientConfig(), maxAttempts: 1 });
    let stop = false;
    const caller = async () => {
      while (!stop) {
        try {
          const answer = await sts.send(new GetCallerIdentityCommand({}));
          acknowledged.push(answer.$metadata.requestId!);
        } catch {
          return; // the process is gone
        }
      }
    };
    const callers = Array.from({ length: 8 }, caller);
    while (acknowledged.length < 200) await new Promise((r) => setTimeout(r, 5));
    server.process.kill('SIGKILL');
    stop = true;
    await Promise.all(callers);
    await server.exited;

    const store = await openStore(server.databaseUrl ? { backend: 'postgres', url: server.databaseUrl } : { backend: 'sqlite', dataDir: server.dataDir });
    try {
      const recorded = new Set((await history(store)).map((e) => e.requestID));
      const lost = acknowledged.filter((id) => !recorded.has(id));
      expect(acknowledged.length).toBeGreaterThanOrEqual(200);
      expect(lost).toEqual([]);
    } finally {
      await store.close();
      await server.destroy();
    }
  });
});

// Shared by the Secrets Manager end-to-end tests: clients for a test server (signing with the
// server's development clock), reading SDK failures, waiting for rotations, and an HTTP rotation
// function that calls back into Rampart as a real rotation Lambda does.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { KMSClient } from '@aws-sdk/client-kms';
import type { Credentials, TestServer } from '../../helpers/rampart.js';

export interface Failure {
  name: string;
  status: number | undefined;
  message: string;
}

export async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('the call succeeded');
}

export async function serverNow(server: Pick<TestServer, 'endpoint'>): Promise<number> {
  const response = await fetch(`${server.endpoint}/_rampart/clock`);
  if (!response.ok) return Date.now();
  return Date.parse(((await response.json()) as { now: string }).now);
}

/** Signs with the server's clock (moved in development tests), keeping that offset whatever Date headers say. */
function followServerClock<C extends { middlewareStack: SecretsManagerClient['middlewareStack'] }>(client: C): C {
  client.middlewareStack.add(
    (next) => async (args) => {
      const dropDate = (response: unknown) => {
        const headers = (response as { headers?: Record<string, string> } | undefined)?.headers;
        if (headers) delete headers.date;
      };
      try {
        const result = await next(args);
        dropDate(result.response);
        return result;
      } catch (error) {
        dropDate((error as { $response?: unknown }).$response);
        throw error;
      }
    },
    { step: 'deserialize', name: 'hideServerDate', priority: 'low' },
  );
  return client;
}

export async function smClient(server: TestServer, options: { region?: string; credentials?: Credentials } = {}): Promise<SecretsManagerClient> {
  const systemClockOffset = (await serverNow(server)) - Date.now();
  return followServerClock(
    new SecretsManagerClient({ ...server.clientConfig(options.credentials), region: options.region ?? server.region, systemClockOffset }),
  );
}

export async function kmsClientFor(server: TestServer, options: { region?: string; credentials?: Credentials } = {}): Promise<KMSClient> {
  const systemClockOffset = (await serverNow(server)) - Date.now();
  return followServerClock(new KMSClient({ ...server.clientConfig(options.credentials), region: options.region ?? server.region, systemClockOffset }) as never) as KMSClient;
}

export const uniqueName = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

/** Runs the scheduler's due jobs (and waits for a pass already running), through the development clock. */
export async function runDueJobs(server: TestServer): Promise<void> {
  await server.advanceClock(0);
}

export async function stagesOf(sm: SecretsManagerClient, secretId: string): Promise<Record<string, string[]>> {
  return (await sm.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages ?? {};
}

export interface RotationEndpoint {
  url: string;
  /** Steps received, in order. */
  events: { Step: string; SecretId: string; ClientRequestToken: string; RotationToken?: string }[];
  /** Steps that answer 500 instead of running. */
  failing: Set<string>;
  close(): Promise<void>;
}

/**
 * A rotation function over HTTP doing what AWS's generic rotation template does: createSecret puts a
 * new random value in AWSPENDING, setSecret and testSecret have nothing to change, finishSecret moves
 * AWSCURRENT. It calls Rampart with `client` (a fresh one per event, following the server's clock).
 */
export async function startRotationEndpoint(makeClient: () => Promise<SecretsManagerClient>): Promise<RotationEndpoint> {
  const events: RotationEndpoint['events'] = [];
  const failing = new Set<string>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      try {
        const event = JSON.parse(body) as RotationEndpoint['events'][number];
        events.push(event);
        if (failing.has(event.Step)) throw new Error(`${event.Step} is set to fail`);
        const sm = await makeClient();
        const { SecretId: arn, ClientRequestToken: token } = event;
        const metadata = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
        const stages = metadata.VersionIdsToStages?.[token];
        if (!metadata.RotationEnabled || !stages) throw new Error('not set for rotation');
        if (stages.includes('AWSCURRENT')) return void res.writeHead(200).end('{}');
        if (!stages.includes('AWSPENDING')) throw new Error('the version is not AWSPENDING');
        if (event.Step === 'createSecret') {
          await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: 'AWSCURRENT' }));
          const exists = await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token, VersionStage: 'AWSPENDING' })).then(() => true, () => false);
          if (!exists) {
            const { RandomPassword } = await sm.send(new GetRandomPasswordCommand({ ExcludePunctuation: true }));
            await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: RandomPassword, VersionStages: ['AWSPENDING'], RotationToken: event.RotationToken }));
          }
        } else if (event.Step === 'finishSecret') {
          const current = Object.entries(metadata.VersionIdsToStages ?? {}).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
          await sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current }));
        }
        res.writeHead(200).end('{}');
      } catch (error) {
        res.writeHead(500).end(JSON.stringify({ error: (error as Error).message }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/rotate`, events, failing, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Waits until `check` passes (rotations run asynchronously), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

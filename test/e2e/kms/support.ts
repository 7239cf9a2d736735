// Shared by the KMS end-to-end tests: a KMS client for a test server (signing with the server's
// development clock when it was moved), reading SDK failures, and small key factories.
import { CreateKeyCommand, KMS, type KMSClient, type CreateKeyCommandInput } from '@aws-sdk/client-kms';
import type { Credentials, TestServer } from '../../helpers/rampart.js';

/** Quotas high enough that tests creating many keys quickly are not throttled (AWS's CreateKey default is 5/s). */
export const TEST_QUOTAS = JSON.stringify({ '*': 100_000 });

// In-process servers read RAMPART_KMS_QUOTAS from this process's environment.
process.env.RAMPART_KMS_QUOTAS ??= TEST_QUOTAS;

export interface Failure {
  name: string;
  status: number | undefined;
  message: string;
}

/** The error a call fails with (the test fails if it succeeds). */
export async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('the call succeeded');
}

export async function serverNow(server: TestServer): Promise<number> {
  const response = await fetch(`${server.endpoint}/_rampart/clock`);
  if (!response.ok) return Date.now();
  return Date.parse(((await response.json()) as { now: string }).now);
}

/** A KMS client (the aggregated one, which the Encryption SDK needs) for `server`, in `region`, signing with the server's clock (which dev tests move). */
export async function kmsClient(server: TestServer, options: { region?: string; credentials?: Credentials; maxAttempts?: number } = {}): Promise<KMS> {
  const systemClockOffset = (await serverNow(server)) - Date.now();
  const client = new KMS({
    ...server.clientConfig(options.credentials),
    region: options.region ?? server.region,
    maxAttempts: options.maxAttempts ?? 1,
    systemClockOffset,
  });
  // Keep the clock offset the test chose: the SDK would otherwise take one from the server's Date header.
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

export async function createKey(kms: KMSClient, input: CreateKeyCommandInput = {}) {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand(input));
  return KeyMetadata!;
}

export const bytes = (text: string) => Buffer.from(text, 'utf8');

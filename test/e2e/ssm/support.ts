// Shared by the Parameter Store end-to-end tests: an SSM client (and KMS, IAM clients) for a test
// server, signing with the server's development clock when it was moved, and reading SDK failures.
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Credentials, TestServer } from '../../helpers/rampart.js';
import { failure, serverNow } from '../kms/support.js';

export { failure, kmsClient, serverNow, TEST_QUOTAS } from '../kms/support.js';
export type { Failure } from '../kms/support.js';

/** An SSM client for `server`, signing with its (possibly moved) clock. */
export async function ssmClient(server: TestServer, options: { credentials?: Credentials; region?: string } = {}): Promise<SSMClient> {
  const systemClockOffset = (await serverNow(server)) - Date.now();
  const client = new SSMClient({ ...server.clientConfig(options.credentials), region: options.region ?? server.region, systemClockOffset });
  // Keep the clock offset the test chose: the SDK would otherwise take one from the server's Date header.
  client.middlewareStack.add(
    (next) => async (args) => {
      const drop = (response: unknown) => {
        const headers = (response as { headers?: Record<string, string> } | undefined)?.headers;
        if (headers) delete headers.date;
      };
      try {
        const result = await next(args);
        drop(result.response);
        return result;
      } catch (error) {
        drop((error as { $response?: unknown }).$response);
        throw error;
      }
    },
    { step: 'deserialize', name: 'hideServerDate', priority: 'low' },
  );
  return client;
}

/** The error code of a failed call (the test fails if it succeeds). */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  return (await failure(promise)).name;
}

export const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

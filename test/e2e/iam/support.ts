// Shared by the IAM and STS end-to-end tests: reading SDK failures, the server's clock, TOTP codes of
// virtual MFA devices, and clients signed as a given principal.
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { hotp, timeStep } from '../../../src/services/iam/totp.js';
import { base32Decode } from '../../../src/identity/base32.js';
import type { Credentials, TestServer } from '../../helpers/rampart.js';

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

/** The one-time code a virtual MFA device with this Base32 seed shows `stepsFromNow` steps from the server's now. */
export async function mfaCode(server: TestServer, seed: Uint8Array | string, stepsFromNow = 0): Promise<string> {
  const key = base32Decode(typeof seed === 'string' ? seed : Buffer.from(seed).toString('ascii'))!;
  return hotp(key, timeStep(await serverNow(server)) + stepsFromNow);
}

/** Clients signing with the server's (development) clock, which tests move forward. */
export async function clients(server: TestServer, credentials?: Credentials) {
  const systemClockOffset = (await serverNow(server)) - Date.now();
  const config = { ...server.clientConfig(credentials), systemClockOffset };
  return { iam: new IAMClient(config), sts: new STSClient(config) };
}

export const policy = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

export const trustPolicy = (principal: Record<string, unknown> | string, extra: Record<string, unknown> = {}) =>
  policy({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });

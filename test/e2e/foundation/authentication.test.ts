// SigV4 failures through the whole server, with the official SDK clients and the AWS CLI, for a json
// service (KMS) and a query service (STS): each gets AWS's error code and HTTP status.
import { GenerateRandomCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, cliErrorCode } from '../../helpers/aws-cli.js';
import { startInProcess, testBackends, type Credentials, type TestServer } from '../../helpers/rampart.js';

interface HttpRequestLike {
  method: string;
  protocol: string;
  hostname: string;
  port: number;
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

type SdkError = Error & { name: string; $metadata?: { httpStatusCode?: number } };

async function failure(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as SdkError;
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('the call succeeded');
}

/** A client whose requests leave without an Authorization header (signing is undone after it ran). */
function unsigned<T extends KMSClient | STSClient>(client: T): T {
  client.middlewareStack.addRelativeTo(
    ((next: (args: { request: HttpRequestLike }) => Promise<unknown>) => async (args: { request: HttpRequestLike }) => {
      delete args.request.headers.authorization;
      delete args.request.headers.Authorization;
      return next(args);
    }) as never,
    { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'dropAuthorization' } as never,
  );
  return client;
}

async function presignedFetch(server: TestServer, request: HttpRequestLike, service: string, signingDate: Date, expiresIn: number) {
  const signer = new SignatureV4({ credentials: server.credentials, region: server.region, service, sha256: Sha256 });
  const presigned = await signer.presign(request, { signingDate, expiresIn });
  const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
  const url = `${server.endpoint}${presigned.path}?${query}`;
  return fetch(url, { method: presigned.method, headers: presigned.headers as Record<string, string>, body: presigned.body as string | undefined });
}

describe.each(testBackends())('authentication errors on %s', (backend) => {
  let server: TestServer;
  let skewed: TestServer; // development mode with its clock 10 minutes ahead of the client's
  const bogus = (secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'): Credentials => ({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: secret });

  beforeAll(async () => {
    server = await startInProcess({ backend });
    skewed = await startInProcess({ backend, dev: true });
    await skewed.advanceClock(600);
  });
  afterAll(async () => {
    await server?.destroy();
    await skewed?.destroy();
  });

  describe('json service (KMS) with @aws-sdk/client-kms', () => {
    const kms = (options: Partial<ReturnType<TestServer['clientConfig']>> & { systemClockOffset?: number } = {}, target = server) =>
      new KMSClient({ ...target.clientConfig(), ...options });
    const call = (client: KMSClient) => client.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));

    it('accepts the right credentials', async () => {
      expect((await call(kms())).Plaintext).toHaveLength(32);
    });
    it('answers a wrong secret with InvalidSignatureException (400)', async () => {
      const error = await failure(call(kms({ credentials: { ...server.credentials, secretAccessKey: 'x'.repeat(40) } })));
      expect(error).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
      expect(error.message).toMatch(/^The request signature we calculated does not match the signature you provided/);
    });
    it('answers an unknown access key with UnrecognizedClientException (400)', async () => {
      const error = await failure(call(kms({ credentials: bogus() })));
      expect(error).toMatchObject({ name: 'UnrecognizedClientException', status: 400, message: 'The security token included in the request is invalid.' });
    });
    it('answers a clock skewed by 10 minutes with InvalidSignatureException (400)', async () => {
      const past = await failure(call(kms({ systemClockOffset: -600_000 })));
      expect(past).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
      expect(past.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
      const future = await failure(call(kms({ systemClockOffset: 600_000 })));
      expect(future).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
      expect(future.message).toMatch(/^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/);
      expect(await failure(call(kms({}, skewed)))).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
    });
    it('answers a missing signature with MissingAuthenticationTokenException (400)', async () => {
      const error = await failure(call(unsigned(kms())));
      expect(error).toMatchObject({ name: 'MissingAuthenticationTokenException', status: 400, message: 'Missing Authentication Token' });
    });
    it('answers an expired presigned request with InvalidSignatureException (400)', async () => {
      const request: HttpRequestLike = {
        method: 'POST',
        protocol: 'http:',
        hostname: new URL(server.endpoint).hostname,
        port: Number(new URL(server.endpoint).port),
        path: '/',
        headers: { host: new URL(server.endpoint).host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.GenerateRandom' },
        body: '{"NumberOfBytes":32}',
      };
      const fresh = await presignedFetch(server, request, 'kms', new Date(), 60);
      expect(fresh.status).toBe(200);
      const expired = await presignedFetch(server, request, 'kms', new Date(Date.now() - 120_000), 60);
      expect(expired.status).toBe(400);
      expect(((await expired.json()) as { __type: string }).__type).toMatch(/InvalidSignatureException$/);
    });
  });

  describe('query service (STS) with @aws-sdk/client-sts', () => {
    const sts = (options: Partial<ReturnType<TestServer['clientConfig']>> & { systemClockOffset?: number } = {}, target = server) =>
      new STSClient({ ...target.clientConfig(), ...options });
    const call = (client: STSClient) => client.send(new GetCallerIdentityCommand({}));

    it('accepts the right credentials and names the caller', async () => {
      const identity = await call(sts());
      expect(identity).toMatchObject({ Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root', UserId: '000000000000' });
    });
    it('answers a wrong secret with SignatureDoesNotMatch (403)', async () => {
      const error = await failure(call(sts({ credentials: { ...server.credentials, secretAccessKey: 'x'.repeat(40) } })));
      expect(error).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    });
    it('answers an unknown access key with InvalidClientTokenId (403)', async () => {
      const error = await failure(call(sts({ credentials: bogus() })));
      expect(error).toMatchObject({ name: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' });
    });
    it('answers a skewed clock with SignatureDoesNotMatch (403)', async () => {
      const error = await failure(call(sts({ systemClockOffset: -600_000 })));
      expect(error).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
      expect(error.message).toMatch(/^Signature expired/);
      expect(await failure(call(sts({}, skewed)))).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    });
    it('answers a missing signature with MissingAuthenticationToken (403)', async () => {
      const error = await failure(call(unsigned(sts())));
      expect(error).toMatchObject({ name: 'MissingAuthenticationToken', status: 403, message: 'Request is missing Authentication Token' });
    });
    it('answers an expired presigned GetCallerIdentity URL with SignatureDoesNotMatch (403)', async () => {
      const url = new URL(server.endpoint);
      const request: HttpRequestLike = {
        method: 'GET',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host: url.host },
      };
      const fresh = await presignedFetch(server, request, 'sts', new Date(), 60);
      expect(fresh.status).toBe(200);
      expect(await fresh.text()).toContain('<Arn>arn:aws:iam::000000000000:root</Arn>');
      const expired = await presignedFetch(server, request, 'sts', new Date(Date.now() - 120_000), 60);
      expect(expired.status).toBe(403);
      expect(await expired.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    });
  });

  describe('with the AWS CLI', () => {
    const kmsArgs = ['kms', 'generate-random', '--number-of-bytes', '32'];
    const stsArgs = ['sts', 'get-caller-identity'];

    it('succeeds with the right credentials', async () => {
      const kms = await awsCli(server, kmsArgs);
      expect(kms.code, kms.stderr).toBe(0);
      expect(Buffer.from(JSON.parse(kms.stdout).Plaintext, 'base64')).toHaveLength(32);
      const sts = await awsCli(server, stsArgs);
      expect(JSON.parse(sts.stdout).Arn).toBe('arn:aws:iam::000000000000:root');
    });
    it('reports a wrong secret', async () => {
      const wrong = { secretAccessKey: 'x'.repeat(40) };
      expect(cliErrorCode(await awsCli(server, kmsArgs, wrong))).toBe('InvalidSignatureException');
      expect(cliErrorCode(await awsCli(server, stsArgs, wrong))).toBe('SignatureDoesNotMatch');
    });
    it('reports an unknown access key', async () => {
      expect(cliErrorCode(await awsCli(server, kmsArgs, bogus()))).toBe('UnrecognizedClientException');
      expect(cliErrorCode(await awsCli(server, stsArgs, bogus()))).toBe('InvalidClientTokenId');
    });
    it('reports a clock skewed against the server', async () => {
      expect(cliErrorCode(await awsCli(skewed, kmsArgs))).toBe('InvalidSignatureException');
      expect(cliErrorCode(await awsCli(skewed, stsArgs))).toBe('SignatureDoesNotMatch');
    });
    it('reports a missing signature', async () => {
      expect(cliErrorCode(await awsCli(server, [...kmsArgs, '--no-sign-request']))).toBe('MissingAuthenticationTokenException');
      expect(cliErrorCode(await awsCli(server, [...stsArgs, '--no-sign-request']))).toBe('MissingAuthenticationToken');
    });
    it('presigns an S3 URL that stops working when it expires', async () => {
      // AWS CLI v1 presigns S3 URLs with SigV2 unless configured for SigV4, as users configure it.
      const config = join(mkdtempSync(join(tmpdir(), 'rampart-cli-')), 'config');
      writeFileSync(config, '[default]\ns3 =\n  signature_version = s3v4\n');
      const presign = await awsCli(server, ['s3', 'presign', 's3://some-bucket/some-key', '--expires-in', '1'], {}, { AWS_CONFIG_FILE: config });
      expect(presign.code, presign.stderr).toBe(0);
      await new Promise((r) => setTimeout(r, 2100));
      const response = await fetch(presign.stdout.trim());
      expect(response.status).toBe(403);
      const body = await response.text();
      expect(body).toContain('<Code>AccessDenied</Code>');
      expect(body).toContain('Request has expired');
    });
  });
});

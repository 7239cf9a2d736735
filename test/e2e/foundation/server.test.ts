// The server's own behaviour through real HTTP: health, request ids, protocol errors for unknown
// operations and services, malformed and oversized bodies, operations not implemented yet, HTTPS on
// the same port, and the development-mode clock and reset endpoints.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenerateRandomCommand, KMSClient } from '@aws-sdk/client-kms';
import { SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/storage/types.js';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';

type SdkError = Error & { name: string; $metadata: { httpStatusCode?: number; requestId?: string } };

async function sdkFailure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('the call succeeded');
}

/** A signed raw request, for bodies and targets no SDK would send. */
async function signedFetch(server: TestServer, init: { method?: string; path?: string; headers: Record<string, string>; body: string | Buffer; service: string }) {
  const url = new URL(server.endpoint);
  const signer = new SignatureV4({ credentials: server.credentials, region: server.region, service: init.service, sha256: Sha256 });
  const signed = await signer.sign({
    method: init.method ?? 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: init.path ?? '/',
    headers: { host: url.host, ...init.headers },
    body: init.body,
  });
  return fetch(`${server.endpoint}${init.path ?? '/'}`, { method: init.method ?? 'POST', headers: signed.headers, body: init.body });
}

describe.each(testBackends())('the server on %s', (backend) => {
  let server: TestServer;
  let dev: TestServer;

  beforeAll(async () => {
    server = await startInProcess({ backend, env: { RAMPART_MAX_BODY_BYTES: '4096' } });
    dev = await startInProcess({ backend, dev: true });
  });
  afterAll(async () => {
    await server?.destroy();
    await dev?.destroy();
  });

  it('reports its health', async () => {
    const response = await fetch(`${server.endpoint}/_rampart/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', ready: true, sealed: false, storage: backend, dev: false, version: expect.any(String) });
  });

  it('puts a request id in every response, as each protocol does', async () => {
    const kms = await sdkFailure(new KMSClient(server.clientConfig()).send(new GenerateRandomCommand({ NumberOfBytes: 2000 })));
    expect(kms.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const sts = await new STSClient(server.clientConfig()).send(new GetCallerIdentityCommand({}));
    expect(sts.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('validates input against the model with AWS’s message', async () => {
    const error = await sdkFailure(new KMSClient(server.clientConfig()).send(new GenerateRandomCommand({ NumberOfBytes: 2000 })));
    expect(error.name).toBe('ValidationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe(
      "1 validation error detected: Value '2000' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    );
  });

  it('answers an operation of the model that Rampart does not implement yet with 501 naming it', async () => {
    const error = await sdkFailure(new SSMClient(server.clientConfig()).send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript' })));
    expect(error.$metadata.httpStatusCode).toBe(501);
    expect(error.name).toBe('NotImplemented');
    expect(error.message).toContain('SendCommand');
  });

  it('answers an unknown operation of a json service with UnknownOperationException', async () => {
    const response = await signedFetch(server, {
      service: 'kms',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.MakeCoffee' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toMatch(/UnknownOperationException$/);
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown query action with InvalidAction', async () => {
    const response = await signedFetch(server, {
      service: 'sts',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'Action=MakeCoffee&Version=2011-06-15',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>InvalidAction</Code>');
  });

  it('answers malformed JSON with SerializationException and changes nothing but the audit record', async () => {
    const before = await stateOutsideAudit(server);
    const response = await signedFetch(server, {
      service: 'kms',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.GenerateRandom' },
      body: '{"NumberOfBytes": 32',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toMatch(/SerializationException$/);
    expect(await stateOutsideAudit(server)).toEqual(before);
  });

  it('answers a body over the limit with 413', async () => {
    const response = await signedFetch(server, {
      service: 'kms',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.GenerateRandom' },
      body: JSON.stringify({ NumberOfBytes: 32, Padding: 'x'.repeat(8192) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { __type: string }).__type).toMatch(/RequestEntityTooLarge/);
  });

  it('keeps the development endpoints closed outside development mode', async () => {
    const clock = await fetch(`${server.endpoint}/_rampart/clock`, { method: 'POST', body: '{"advanceSeconds": 60}' });
    expect(clock.status).toBe(403);
    const reset = await fetch(`${server.endpoint}/_rampart/reset`, { method: 'POST' });
    expect(reset.status).toBe(403);
  });

  it('moves the development clock forward, and only forward', async () => {
    const before = (await (await fetch(`${dev.endpoint}/_rampart/clock`)).json()) as { now: string };
    const moved = await dev.advanceClock(3 * 86_400);
    expect(Date.parse(moved.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(3 * 86_400_000);
    const back = await fetch(`${dev.endpoint}/_rampart/clock`, { method: 'POST', body: JSON.stringify({ to: before.now }) });
    expect(back.status).toBe(400);
    // Signatures are checked against the moved clock: this client's clock is now three days behind.
    const error = await sdkFailure(new STSClient(dev.clientConfig()).send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('SignatureDoesNotMatch');
    const reset = await fetch(`${dev.endpoint}/_rampart/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    // The reset put the clock back and kept the root credentials working.
    expect((await new STSClient(dev.clientConfig()).send(new GetCallerIdentityCommand({}))).Account).toBe('000000000000');
  });

  it('lists the event log of an account in development mode only', async () => {
    const listed = await fetch(`${dev.endpoint}/_rampart/events?account=000000000000&region=us-east-1`);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({ events: expect.any(Array) });
    expect((await fetch(`${dev.endpoint}/_rampart/events?account=nope`)).status).toBe(400);
    expect((await fetch(`${server.endpoint}/_rampart/events?account=000000000000`)).status).toBe(403);
  });

  it('accepts any credentials in development mode, mapping 12-digit key ids to that account', async () => {
    const sts = (accessKeyId: string) =>
      new STSClient(dev.clientConfig({ accessKeyId, secretAccessKey: 'anything' })).send(new GetCallerIdentityCommand({}));
    expect((await sts('123456789012')).Arn).toBe('arn:aws:iam::123456789012:root');
    expect((await sts('test')).Account).toBe('000000000000');
  });

  it('names ARNs after the partition of the request region', async () => {
    for (const [region, partition] of [
      ['cn-north-1', 'aws-cn'],
      ['us-gov-west-1', 'aws-us-gov'],
      ['eu-west-1', 'aws'],
    ]) {
      const identity = await new STSClient({ ...server.clientConfig(), region }).send(new GetCallerIdentityCommand({}));
      expect(identity.Arn).toBe(`arn:${partition}:iam::000000000000:root`);
    }
  });
});

/** Every key and version in the store except the audit history. */
async function stateOutsideAudit(server: TestServer): Promise<[string, number][]> {
  const { store } = (server as TestServer & { server: { store: Store } }).server;
  return (await store.list({})).filter((r) => !r.key.startsWith('audit/')).map((r) => [r.key, r.version]);
}

describe('HTTPS', () => {
  let server: TestServer;
  let cert: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    server = await startInProcess({ env: { RAMPART_TLS_CERT: join(dir, 'cert.pem'), RAMPART_TLS_KEY: join(dir, 'key.pem') } });
  });
  afterAll(() => server?.destroy());

  it('serves HTTPS and plain HTTP on the same port', async () => {
    const port = new URL(server.endpoint).port;
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest({ host: '127.0.0.1', port, path: '/_rampart/health', ca: cert, servername: 'localhost' }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body)).toMatchObject({ status: 'ok' });
    const plain = await fetch(`http://127.0.0.1:${port}/_rampart/health`);
    expect(plain.status).toBe(200);
  });
});

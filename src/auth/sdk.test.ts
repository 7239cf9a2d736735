// Requests exactly as the official SDK clients send them: a request handler captures the signed
// HttpRequest, which is then authenticated. S3 uploads use the SDK's default checksum behaviour over
// http, which sends aws-chunked bodies with a trailing checksum.
import { EncryptCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { GetBucketAclCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { WireRequest } from '../protocol/wire.js';
import { authenticate, decodeChunkedBody, SigningKeyCache, type Credential, type SignedAuth, type VerifyOptions } from './index.js';

const LONG: Credential = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', principal: 'alice' };
const TEMP: Credential = {
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE+token/with=base64+chars',
  expiresAt: Date.now() + 3_600_000,
  principal: 'deployer',
};

interface Captured {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** What the SDK's Node HTTP handler puts on the wire for a request. */
async function toWire(request: Captured): Promise<WireRequest> {
  const query: string[] = [];
  for (const key of Object.keys(request.query ?? {}).sort()) {
    const value = request.query![key];
    for (const v of Array.isArray(value) ? value : [value]) query.push(v === null ? escapeUri(key) : `${escapeUri(key)}=${escapeUri(v)}`);
  }
  let body: Buffer;
  const raw = request.body;
  if (raw === undefined || raw === null) body = Buffer.alloc(0);
  else if (typeof raw === 'string' || raw instanceof Uint8Array) body = Buffer.from(raw);
  else {
    const chunks: Buffer[] = [];
    for await (const chunk of raw as AsyncIterable<string | Uint8Array>) chunks.push(Buffer.from(chunk));
    body = Buffer.concat(chunks);
  }
  const headers: Record<string, string> = {};
  // The SDK leaves some headers undefined (x-amz-decoded-content-length of a stream); they are not sent.
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name.toLowerCase()] = value;
  return { method: request.method, path: request.path, rawQuery: query.join('&'), headers, body };
}

/** A client config whose request handler records the signed request instead of sending it. */
function capturing(credential: Credential = LONG) {
  const sent: Promise<WireRequest>[] = [];
  const requestHandler = {
    handle: async (request: Captured) => {
      sent.push(toWire(request));
      await sent[sent.length - 1];
      return { response: { statusCode: 200, headers: {}, body: Readable.from([]) } };
    },
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
  };
  const config = {
    region: 'us-east-1',
    endpoint: 'http://localhost:4566',
    credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey, sessionToken: credential.sessionToken },
    requestHandler,
    maxAttempts: 1,
  };
  return { config, sent };
}

/** Sends one command through a capturing client and returns the request it signed. */
async function captured<C extends { send(command: never): Promise<unknown> }>(make: (config: ReturnType<typeof capturing>['config']) => C, command: unknown, credential?: Credential): Promise<WireRequest> {
  const { config, sent } = capturing(credential);
  const client = make(config);
  // The fake empty response may not parse; only the request matters.
  await client.send(command as never).catch(() => undefined);
  expect(sent).toHaveLength(1);
  return sent[0];
}

const options = (extra: Partial<VerifyOptions> = {}): VerifyOptions => ({
  now: Date.now(),
  resolver: { resolve: async (id) => [LONG, TEMP].find((c) => c.accessKeyId === id) },
  signingKeys: new SigningKeyCache(),
  ...extra,
});

describe('json services', () => {
  it('KMS ListKeys and Encrypt', async () => {
    const list = await captured((c) => new KMSClient(c), new ListKeysCommand({ Limit: 5 }));
    await expect(authenticate(list, options({ service: 'kms', region: 'us-east-1' }))).resolves.toMatchObject({ kind: 'signed', service: 'kms', credential: LONG });
    const encrypt = await captured((c) => new KMSClient(c), new EncryptCommand({ KeyId: 'alias/x', Plaintext: Buffer.from('secret data') }));
    await expect(authenticate(encrypt, options())).resolves.toMatchObject({ kind: 'signed' });
    await expect(authenticate({ ...encrypt, body: Buffer.from(encrypt.body.toString().replace('alias/x', 'alias/y')) }, options())).rejects.toMatchObject({
      code: 'InvalidSignature',
    });
  });

  it('KMS with temporary credentials', async () => {
    const req = await captured((c) => new KMSClient(c), new ListKeysCommand({}), TEMP);
    expect(req.headers['x-amz-security-token']).toBe(TEMP.sessionToken);
    await expect(authenticate(req, options())).resolves.toMatchObject({ accessKeyId: TEMP.accessKeyId, credential: TEMP });
  });
});

describe('query services', () => {
  it('STS GetCallerIdentity', async () => {
    const req = await captured((c) => new STSClient(c), new GetCallerIdentityCommand({}));
    expect(req.body.toString()).toBe('Action=GetCallerIdentity&Version=2011-06-15');
    await expect(authenticate(req, options())).resolves.toMatchObject({ kind: 'signed', service: 'sts' });
  });

  it('IAM CreateUser with a path and tags that need encoding', async () => {
    const command = new CreateUserCommand({ UserName: 'a+b=c', Path: '/division abc/', Tags: [{ Key: 'k ü', Value: 'v/&=*' }] });
    const req = await captured((c) => new IAMClient(c), command);
    await expect(authenticate(req, options())).resolves.toMatchObject({ kind: 'signed', service: 'iam' });
  });
});

describe('rest-json services', () => {
  it('GuardDuty GetDetector (an id in the path)', async () => {
    const req = await captured((c) => new GuardDutyClient(c), new GetDetectorCommand({ DetectorId: '12abc34d567e8fa901bc2d34e56789f0' }));
    expect(req.path).toBe('/detector/12abc34d567e8fa901bc2d34e56789f0');
    await expect(authenticate(req, options())).resolves.toMatchObject({ kind: 'signed', service: 'guardduty' });
  });
});

describe('S3', () => {
  const s3 = (config: ReturnType<typeof capturing>['config']) => new S3Client({ ...config, forcePathStyle: true });

  it('PutObject with a stream: aws-chunked, STREAMING-UNSIGNED-PAYLOAD-TRAILER, a CRC32 trailer', async () => {
    const body = Readable.from([Buffer.from('hello '), Buffer.from('wörld')]);
    const req = await captured(s3, new PutObjectCommand({ Bucket: 'bucket', Key: 'dir/a b+ü~.txt', Body: body }));
    expect(req.path).toBe('/bucket/dir/a%20b%2B%C3%BC~.txt');
    expect(req.headers['content-encoding']).toBe('aws-chunked');
    const auth = (await authenticate(req, options({ s3: true, service: 's3' }))) as SignedAuth;
    expect(auth).toMatchObject({ kind: 'signed', payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' });
    const decoded = decodeChunkedBody(req, auth);
    expect(decoded.body.toString()).toBe('hello wörld');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(decoded.body));
    expect(decoded.trailers).toEqual({ 'x-amz-checksum-crc32': crc.toString('base64') });
  });

  it('PutObject with a string body (x-amz-content-sha256 is the body hash) and with temporary credentials', async () => {
    const req = await captured(s3, new PutObjectCommand({ Bucket: 'bucket', Key: 'k', Body: 'hello' }), TEMP);
    const auth = (await authenticate(req, options({ s3: true }))) as SignedAuth;
    expect(auth.payloadHash).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(decodeChunkedBody(req, auth).body.toString()).toBe('hello');
    await expect(authenticate({ ...req, body: Buffer.from('hellO') }, options({ s3: true }))).rejects.toMatchObject({ code: 'XAmzContentSHA256Mismatch' });
  });

  it('GetObject, ListObjectsV2 with a prefix, GetBucketAcl (?acl)', async () => {
    const commands = [
      new GetObjectCommand({ Bucket: 'bucket', Key: 'photos/2026/01/ü é (1).jpg', Range: 'bytes=0-9' }),
      new ListObjectsV2Command({ Bucket: 'bucket', Prefix: 'a b/c+d', Delimiter: '/', MaxKeys: 10 }),
      new GetBucketAclCommand({ Bucket: 'bucket' }),
    ];
    for (const command of commands) {
      const req = await captured(s3, command);
      await expect(authenticate(req, options({ s3: true })), req.path + '?' + req.rawQuery).resolves.toMatchObject({ kind: 'signed', service: 's3' });
    }
  });

  it('a request signed for another service does not verify as S3, nor S3 as another', async () => {
    const req = await captured(s3, new GetObjectCommand({ Bucket: 'bucket', Key: 'a b' }));
    await expect(authenticate(req, options({ s3: true, service: 'kms' }))).rejects.toMatchObject({ code: 'IncompleteSignature' });
    await expect(authenticate(req, options())).rejects.toMatchObject({ code: 'InvalidSignature' });
  });
});

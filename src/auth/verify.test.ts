// authenticate() against the AWS SDK's own signer (@smithy/signature-v4) as the oracle, and every
// failure path with AWS's codes and messages.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../errors.js';
import type { WireRequest } from '../protocol/wire.js';
import {
  authenticate,
  parseCredentialScope,
  SignatureMismatchError,
  SigningKeyCache,
  type Credential,
  type CredentialResolver,
  type SignedAuth,
  type VerifyOptions,
} from './index.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60_000;
const LONG: Credential = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  principal: { user: 'alice' },
};
const TEMP: Credential = {
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE+token/with=base64+chars',
  expiresAt: NOW + 60 * MINUTE,
  principal: { role: 'deployer' },
};
const UNKNOWN = { accessKeyId: 'AKIANOTKNOWNEXAMPLE0', secretAccessKey: 'whatever' };

function resolverOf(...credentials: Credential[]): CredentialResolver {
  return { resolve: async (id) => credentials.find((c) => c.accessKeyId === id) };
}

function options(extra: Partial<VerifyOptions> = {}): VerifyOptions {
  return { now: NOW, resolver: resolverOf(LONG, TEMP), signingKeys: new SigningKeyCache(), ...extra };
}

interface SdkRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string | object;
}

/** The query string the SDK's HTTP handler sends (keys sorted, values in order, RFC 3986). */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
function buildQuery(query: Record<string, unknown> = {}): string {
  const parts: string[] = [];
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    for (const v of Array.isArray(value) ? value : [value]) parts.push(v === null ? escapeUri(key) : `${escapeUri(key)}=${escapeUri(String(v))}`);
  }
  return parts.join('&');
}

interface SignedLike {
  method: string;
  path: string;
  query?: Record<string, unknown>;
  headers: Record<string, string>;
  body?: unknown;
}
function toWire(signed: SignedLike): WireRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = String(value);
  return {
    method: signed.method,
    path: signed.path,
    rawQuery: buildQuery(signed.query),
    headers,
    body: typeof signed.body === 'string' ? Buffer.from(signed.body) : Buffer.alloc(0),
  };
}

interface SignOptions {
  service?: string;
  credential?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  date?: number;
  s3?: boolean;
  applyChecksum?: boolean;
}
function signer({ service = 'kms', credential = LONG, s3 = false, applyChecksum }: SignOptions): SignatureV4 {
  const credentials = { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey, sessionToken: credential.sessionToken };
  return new SignatureV4({ credentials, region: 'us-east-1', service, sha256: Sha256, uriEscapePath: !s3, applyChecksum });
}
function sdkRequest(req: SdkRequest) {
  return {
    method: req.method,
    protocol: 'https:',
    hostname: 'rampart.example',
    path: req.path,
    query: req.query ?? {},
    headers: { host: 'rampart.example', ...req.headers },
    body: req.body,
  };
}
async function sign(req: SdkRequest, opts: SignOptions = {}): Promise<WireRequest> {
  const signed = await signer(opts).sign(sdkRequest(req), { signingDate: new Date(opts.date ?? NOW) });
  return toWire(signed as SignedLike);
}
async function presign(req: SdkRequest, opts: SignOptions & { expiresIn?: number } = {}): Promise<WireRequest> {
  const signed = await signer(opts).presign(sdkRequest(req), { signingDate: new Date(opts.date ?? NOW), expiresIn: opts.expiresIn ?? 900 });
  return toWire(signed as SignedLike);
}

async function failure(promise: Promise<unknown>): Promise<AwsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error('authentication succeeded');
}

const json = { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' }, body: '{"Limit":10}' };
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const EMPTY_SHA256 = sha256('');

describe('header-signed requests, checked against the SDK signer', () => {
  it('a json POST: the credential, scope, date and payload hash come back', async () => {
    const auth = (await authenticate(await sign(json), options())) as SignedAuth;
    expect(auth).toMatchObject({
      kind: 'signed',
      unverified: false,
      accessKeyId: LONG.accessKeyId,
      region: 'us-east-1',
      service: 'kms',
      signedAt: NOW,
      presigned: false,
      payloadHash: sha256('{"Limit":10}'),
    });
    expect(auth.credential).toBe(LONG);
    expect(auth.credential.principal).toEqual({ user: 'alice' });
    expect(auth.signedHeaders).toContain('host');
    expect(auth.expiresAt).toBeUndefined();
    expect(auth.chunkSigner).toBeUndefined();
  });

  it('a query GET with repeated keys, empty values, unicode, reserved characters and spaces', async () => {
    const query = { Action: 'ListUsers', b: ['2', '1', ''], a: '', 'ü': 'x y+z', 'k/=&': 'v&=/~*', PathPrefix: '/division_abc/' };
    const req = await sign({ method: 'GET', path: '/', query }, { service: 'iam' });
    await expect(authenticate(req, options())).resolves.toMatchObject({ kind: 'signed', service: 'iam' });
    // The same query as other clients write it: '+' for spaces, '~' escaped, lower-case hex.
    const rewritten = { ...req, rawQuery: req.rawQuery.replace(/%20/g, '+').replace(/~/g, '%7e').replace(/%2F/g, '%2f') };
    expect(rewritten.rawQuery).not.toBe(req.rawQuery);
    await expect(authenticate(rewritten, options())).resolves.toMatchObject({ kind: 'signed' });
    // Parameter order on the wire does not matter; values do.
    const reordered = { ...req, rawQuery: req.rawQuery.split('&').reverse().join('&') };
    await expect(authenticate(reordered, options())).resolves.toMatchObject({ kind: 'signed' });
    const changed = { ...req, rawQuery: req.rawQuery.replace('b=1', 'b=3') };
    await expect(authenticate(changed, options())).rejects.toBeInstanceOf(SignatureMismatchError);
  });

  it('a form POST to a query service', async () => {
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const req = await sign({ method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }, { service: 'sts' });
    await expect(authenticate(req, options())).resolves.toMatchObject({ kind: 'signed', service: 'sts', payloadHash: sha256(body) });
    await expect(authenticate({ ...req, body: Buffer.from(body + '&x=1') }, options())).rejects.toMatchObject({ code: 'InvalidSignature' });
  });

  it('headers with extra spaces and tabs, and repeated headers joined with commas', async () => {
    const headers = { 'x-custom': '  a   b \t  c  ', 'x-multi': 'one,two,  three', 'content-type': 'application/json' };
    const req = await sign({ ...json, headers: { ...json.headers, ...headers } });
    await expect(authenticate(req, options())).resolves.toMatchObject({ kind: 'signed' });
    // Inner spaces collapse, so a proxy normalizing them does not break the signature...
    await expect(authenticate({ ...req, headers: { ...req.headers, 'x-custom': 'a b c' } }, options())).resolves.toMatchObject({ kind: 'signed' });
    // ...but the words are signed.
    await expect(authenticate({ ...req, headers: { ...req.headers, 'x-custom': 'a bc' } }, options())).rejects.toMatchObject({ code: 'InvalidSignature' });
  });

  it('paths are normalized and encoded twice for services other than S3', async () => {
    const path = '/detector/abc%20def/./findings/../filter//x%2Fy/';
    const req = await sign({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: '{}' }, { service: 'guardduty' });
    await expect(authenticate(req, options())).resolves.toMatchObject({ kind: 'signed', service: 'guardduty' });
    await expect(authenticate({ ...req, path: '/detector/abc%20def/filter/x%2Fy/' }, options())).resolves.toMatchObject({ kind: 'signed' });
    await expect(authenticate({ ...req, path: '/detector/abc def/filter/x%2Fy/' }, options())).rejects.toMatchObject({ code: 'InvalidSignature' });
  });

  it('a Date header instead of X-Amz-Date', async () => {
    // No SDK signs with Date any more; this request is signed by hand, straight from the specification.
    const body = '{}';
    const date = 'Thu, 01 Jan 2026 12:00:00 GMT';
    const canonical = `POST\n/\n\ndate:${date}\nhost:rampart.example\n\ndate;host\n${sha256(body)}`;
    const toSign = `AWS4-HMAC-SHA256\n20260101T120000Z\n20260101/us-east-1/kms/aws4_request\n${sha256(canonical)}`;
    let key: Buffer = createHmac('sha256', 'AWS4' + LONG.secretAccessKey).update('20260101').digest();
    for (const part of ['us-east-1', 'kms', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    const signature = createHmac('sha256', key).update(toSign).digest('hex');
    const req: WireRequest = {
      method: 'POST',
      path: '/',
      rawQuery: '',
      headers: {
        host: 'rampart.example',
        date,
        authorization: `AWS4-HMAC-SHA256 Credential=${LONG.accessKeyId}/20260101/us-east-1/kms/aws4_request,SignedHeaders=date;host,Signature=${signature}`,
      },
      body: Buffer.from(body),
    };
    await expect(authenticate(req, options())).resolves.toMatchObject({ kind: 'signed', signedAt: NOW });
  });
});

describe('S3', () => {
  const s3 = { s3: true, service: 's3' } as const;
  const s3put = (key: string, body: string, headers: Record<string, string> = {}) => ({ method: 'PUT', path: key, query: { 'x-id': 'PutObject' }, headers, body });

  it('signs the path as sent: spaces, unicode, + and ~, empty and dot segments', async () => {
    for (const path of ['/bucket/a%20b/%C3%BC%2Bx/~y', '/bucket/a/../b//c/./d', '/bucket/%E2%9C%93%20%28check%29']) {
      const req = await sign(s3put(path, 'data'), s3);
      await expect(authenticate(req, options(s3)), path).resolves.toMatchObject({ kind: 'signed', payloadHash: sha256('data') });
      await expect(authenticate(req, options()), `${path} as another service`).rejects.toMatchObject({ code: 'InvalidSignature' });
    }
  });

  it('accepts UNSIGNED-PAYLOAD', async () => {
    const req = await sign(s3put('/bucket/key', 'anything', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), s3);
    await expect(authenticate(req, options(s3))).resolves.toMatchObject({ payloadHash: 'UNSIGNED-PAYLOAD' });
  });

  it('checks a hex x-amz-content-sha256 against the body', async () => {
    const req = await sign(s3put('/bucket/key', 'actual', { 'x-amz-content-sha256': sha256('claimed') }), s3);
    const error = await failure(authenticate(req, options(s3)));
    expect(error).toMatchObject({
      code: 'XAmzContentSHA256Mismatch',
      status: 400,
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
      fields: { ClientComputedContentSHA256: sha256('claimed'), S3ComputedContentSHA256: sha256('actual') },
    });
  });

  it('requires x-amz-content-sha256 and a valid value', async () => {
    const missing = await sign(s3put('/bucket/key', 'data'), { ...s3, applyChecksum: false });
    expect(await failure(authenticate(missing, options(s3)))).toMatchObject({
      code: 'InvalidRequest',
      message: 'Missing required header for this request: x-amz-content-sha256',
    });
    const invalid = await sign(s3put('/bucket/key', 'data', { 'x-amz-content-sha256': 'SOMETHING' }), s3);
    expect(await failure(authenticate(invalid, options(s3)))).toMatchObject({ code: 'Validation', message: expect.stringMatching(/^x-amz-content-sha256 must be UNSIGNED-PAYLOAD/) });
  });

  it('refuses x-amz-* headers that were not signed (other services do not care)', async () => {
    const req = await sign(s3put('/bucket/key', 'data'), s3);
    const added = { ...req, headers: { ...req.headers, 'x-amz-acl': 'public-read', 'x-amz-meta-a': '1' } };
    expect(await failure(authenticate(added, options(s3)))).toMatchObject({
      code: 'AccessDenied',
      message: 'There were headers present in the request which were not signed',
      fields: { HeadersNotSigned: 'x-amz-acl, x-amz-meta-a' },
    });
    const kms = await sign(json);
    await expect(authenticate({ ...kms, headers: { ...kms.headers, 'x-amz-extra': '1' } }, options())).resolves.toMatchObject({ kind: 'signed' });
  });

  it('allows 15 minutes of clock skew and answers RequestTimeTooSkewed with its fields', async () => {
    const req = await sign(s3put('/bucket/key', 'data'), s3);
    await expect(authenticate(req, options({ ...s3, now: NOW + 15 * MINUTE }))).resolves.toMatchObject({ kind: 'signed' });
    const error = await failure(authenticate(req, options({ ...s3, now: NOW + 15 * MINUTE + 1000 })));
    expect(error).toMatchObject({
      code: 'RequestTimeSkewed',
      message: 'The difference between the request time and the current time is too large.',
      fields: { RequestTime: '20260101T120000Z', ServerTime: '2026-01-01T12:15:01Z', MaxAllowedSkewMilliseconds: 900_000 },
    });
  });

  it("words its errors as S3 does", async () => {
    const unknown = await sign(s3put('/bucket/key', 'data'), { ...s3, credential: UNKNOWN });
    expect(await failure(authenticate(unknown, options(s3)))).toMatchObject({
      code: 'UnrecognizedClient',
      message: 'The AWS Access Key Id you provided does not exist in our records.',
      fields: { AWSAccessKeyId: UNKNOWN.accessKeyId },
    });
    const wrong = await sign(s3put('/bucket/key', 'data'), { ...s3, credential: { ...LONG, secretAccessKey: 'x'.repeat(40) } });
    const mismatch = (await failure(authenticate(wrong, options(s3)))) as SignatureMismatchError;
    expect(mismatch.message).toBe('The request signature we calculated does not match the signature you provided. Check your key and signing method.');
    expect(mismatch.s3Fields()).toMatchObject({ AWSAccessKeyId: LONG.accessKeyId, SignatureProvided: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(mismatch.s3Fields().CanonicalRequestBytes).toMatch(/^50 55 54 0a/); // "PUT\n"
    const sigv2: WireRequest = { ...wrong, headers: { ...wrong.headers, authorization: 'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=' } };
    expect(await failure(authenticate(sigv2, options(s3)))).toMatchObject({
      code: 'InvalidRequest',
      message: 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    });
  });
});

describe('presigned URLs', () => {
  const getCallerIdentity = { method: 'GET', path: '/', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } };

  it('STS GetCallerIdentity as the JavaScript SDK presigns it (empty body hash)', async () => {
    const req = await presign(getCallerIdentity, { service: 'sts', expiresIn: 60 });
    const auth = await authenticate(req, options());
    expect(auth).toMatchObject({ kind: 'signed', presigned: true, service: 'sts', payloadHash: EMPTY_SHA256, expiresAt: NOW + 60_000 });
  });

  it('STS GetCallerIdentity as botocore and the AWS CLI presign it (UNSIGNED-PAYLOAD)', async () => {
    // The SDK signer signs UNSIGNED-PAYLOAD when the body is neither a string nor bytes.
    const req = await presign({ ...getCallerIdentity, body: {} }, { service: 'sts', expiresIn: 60 });
    await expect(authenticate(req, options())).resolves.toMatchObject({ kind: 'signed', payloadHash: 'UNSIGNED-PAYLOAD' });
  });

  it('a presigned json POST signs its body', async () => {
    const req = await presign(json, { expiresIn: 60 });
    // The signer hoists x-amz-* headers into the query.
    expect(req.rawQuery).toContain('x-amz-target=TrentService.ListKeys');
    await expect(authenticate(req, options())).resolves.toMatchObject({ presigned: true, payloadHash: sha256(json.body) });
    await expect(authenticate({ ...req, body: Buffer.from('{"Limit":11}') }, options())).rejects.toMatchObject({ code: 'InvalidSignature' });
  });

  it('S3 URLs sign UNSIGNED-PAYLOAD, with or without X-Amz-Content-Sha256 in the query', async () => {
    const withParam = await presign(
      { method: 'GET', path: '/bucket/a%20b/%C3%BC', query: { 'x-id': 'GetObject' }, headers: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' } },
      { service: 's3', s3: true, expiresIn: 3600 },
    );
    expect(withParam.rawQuery).toContain('X-Amz-Content-Sha256=UNSIGNED-PAYLOAD');
    await expect(authenticate(withParam, options({ s3: true }))).resolves.toMatchObject({ presigned: true, payloadHash: 'UNSIGNED-PAYLOAD' });
    const without = await presign({ method: 'PUT', path: '/bucket/key', body: {} }, { service: 's3', s3: true, expiresIn: 3600 });
    expect(without.rawQuery).not.toContain('X-Amz-Content-Sha256');
    await expect(authenticate({ ...without, body: Buffer.from('uploaded data') }, options({ s3: true }))).resolves.toMatchObject({
      presigned: true,
      payloadHash: 'UNSIGNED-PAYLOAD',
    });
  });

  it('expire after X-Amz-Expires seconds, to the millisecond', async () => {
    const req = await presign(getCallerIdentity, { service: 'sts', expiresIn: 600 });
    await expect(authenticate(req, options({ now: NOW + 600_000 }))).resolves.toMatchObject({ kind: 'signed' });
    expect(await failure(authenticate(req, options({ now: NOW + 600_001 })))).toMatchObject({ code: 'PresignedUrlExpired', message: 'Request has expired' });

    const s3req = await presign({ method: 'GET', path: '/bucket/key', body: {} }, { service: 's3', s3: true, expiresIn: 1 });
    await expect(authenticate(s3req, options({ s3: true, now: NOW + 1000 }))).resolves.toMatchObject({ kind: 'signed' });
    expect(await failure(authenticate(s3req, options({ s3: true, now: NOW + 2000 })))).toMatchObject({
      code: 'PresignedUrlExpired',
      message: 'Request has expired',
      fields: { 'X-Amz-Expires': 1, Expires: '2026-01-01T12:00:01Z', ServerTime: '2026-01-01T12:00:02Z' },
    });
  });

  it('a week is the longest validity', async () => {
    const week = await presign(getCallerIdentity, { service: 'sts', expiresIn: 604_800 });
    await expect(authenticate(week, options({ now: NOW + 604_800_000 }))).resolves.toMatchObject({ expiresAt: NOW + 604_800_000 });
    const cases: [string, string][] = [
      ['604801', 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds'],
      ['-1', 'X-Amz-Expires must be non-negative'],
      ['soon', 'X-Amz-Expires should be a number'],
    ];
    for (const [value, message] of cases) {
      const req = { ...week, rawQuery: week.rawQuery.replace('X-Amz-Expires=604800', `X-Amz-Expires=${value}`) };
      expect(await failure(authenticate(req, options())), value).toMatchObject({ code: 'IncompleteSignature', message });
      expect(await failure(authenticate(req, options({ s3: true }))), value).toMatchObject({ code: 'AuthorizationQueryParametersError', message });
    }
  });

  it('dated in the future: valid within the skew allowance, then refused', async () => {
    const req = await presign(getCallerIdentity, { service: 'sts', expiresIn: 60, date: NOW + 5 * MINUTE });
    await expect(authenticate(req, options())).resolves.toMatchObject({ kind: 'signed' });
    const later = await presign(getCallerIdentity, { service: 'sts', expiresIn: 60, date: NOW + 5 * MINUTE + 1000 });
    expect(await failure(authenticate(later, options()))).toMatchObject({
      code: 'RequestTimeSkewed',
      message: 'Signature not yet current: 20260101T120501Z is still later than 20260101T120500Z (20260101T120000Z + 5 min.)',
    });
    const s3later = await presign({ method: 'GET', path: '/b/k', body: {} }, { service: 's3', s3: true, expiresIn: 60, date: NOW + 16 * MINUTE });
    expect(await failure(authenticate(s3later, options({ s3: true })))).toMatchObject({
      code: 'AccessDenied',
      message: 'Request is not yet valid',
      fields: { Expires: '2026-01-01T12:17:00Z', ServerTime: '2026-01-01T12:00:00Z' },
    });
  });

  it('missing parameters, S3 needing X-Amz-Expires, and both mechanisms at once', async () => {
    const req = await presign(getCallerIdentity, { service: 'sts' });
    const without = (name: string) => ({ ...req, rawQuery: req.rawQuery.split('&').filter((p) => !p.startsWith(name + '=')).join('&') });
    expect(await failure(authenticate(without('X-Amz-Signature'), options()))).toMatchObject({
      code: 'IncompleteSignature',
      message: "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.",
    });
    const noDate = without('X-Amz-Date');
    expect(await failure(authenticate(noDate, options()))).toMatchObject({ message: expect.stringContaining("'X-Amz-Date'") });
    expect(await failure(authenticate(without('X-Amz-Expires'), options({ s3: true })))).toMatchObject({
      code: 'AuthorizationQueryParametersError',
      message:
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    });
    const withHeader = { ...req, headers: { ...req.headers, authorization: 'AWS4-HMAC-SHA256 Credential=x' } };
    expect(await failure(authenticate(withHeader, options()))).toMatchObject({ message: expect.stringMatching(/^Only one auth mechanism allowed/) });
  });

  it('carry the session token of temporary credentials in X-Amz-Security-Token', async () => {
    const req = await presign(getCallerIdentity, { service: 'sts', credential: TEMP });
    expect(req.rawQuery).toContain('X-Amz-Security-Token=');
    await expect(authenticate(req, options())).resolves.toMatchObject({ accessKeyId: TEMP.accessKeyId, credential: TEMP });
    const withoutToken = { ...req, rawQuery: req.rawQuery.replace(/X-Amz-Security-Token=[^&]*&?/, '') };
    expect(await failure(authenticate(withoutToken, options()))).toMatchObject({ code: 'UnrecognizedClient' });
  });

  it('a wrong presigned signature reports the canonical query without X-Amz-Signature', async () => {
    const req = await presign(getCallerIdentity, { service: 'sts', credential: { ...LONG, secretAccessKey: 'wrong' } });
    const error = (await failure(authenticate(req, options()))) as SignatureMismatchError;
    expect(error).toBeInstanceOf(SignatureMismatchError);
    expect(error.canonicalRequest.split('\n')[2]).toMatch(/^Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=/);
    expect(error.canonicalRequest).not.toContain('X-Amz-Signature');
  });
});

describe('clock skew of header-signed requests', () => {
  const at = (iso: string) => Date.parse(iso);

  it('accepts 5 minutes either way and words the refusal as AWS does', async () => {
    const req = await sign(json, { date: at('2026-01-01T00:00:00Z') });
    await expect(authenticate(req, options({ now: at('2026-01-01T00:05:00Z') }))).resolves.toMatchObject({ kind: 'signed' });
    await expect(authenticate(req, options({ now: at('2025-12-31T23:55:00Z') }))).resolves.toMatchObject({ kind: 'signed' });
    expect(await failure(authenticate(req, options({ now: at('2026-01-01T00:05:01Z') })))).toMatchObject({ code: 'RequestTimeSkewed' });
    expect(await failure(authenticate(req, options({ now: at('2026-01-01T00:10:00Z') })))).toMatchObject({
      code: 'RequestTimeSkewed',
      message: 'Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z (20260101T001000Z - 5 min.)',
    });
    const future = await sign(json, { date: at('2026-01-01T00:10:00Z') });
    expect(await failure(authenticate(future, options({ now: at('2026-01-01T00:00:00Z') })))).toMatchObject({
      code: 'RequestTimeSkewed',
      message: 'Signature not yet current: 20260101T001000Z is still later than 20260101T000500Z (20260101T000000Z + 5 min.)',
    });
    await expect(authenticate(future, options({ now: at('2026-01-01T00:05:00Z') }))).resolves.toMatchObject({ kind: 'signed' });
  });

  it('takes another allowance when told', async () => {
    const req = await sign(json, { date: NOW });
    await expect(authenticate(req, options({ now: NOW + 14 * MINUTE, maxSkewMs: 15 * MINUTE }))).resolves.toMatchObject({ kind: 'signed' });
    expect(await failure(authenticate(req, options({ now: NOW + 20 * MINUTE, maxSkewMs: 15 * MINUTE })))).toMatchObject({
      message: 'Signature expired: 20260101T120000Z is now earlier than 20260101T120500Z (20260101T122000Z - 15 min.)',
    });
  });
});

describe('malformed signatures', () => {
  const withAuthorization = (authorization: string, headers: Record<string, string> = { 'x-amz-date': '20260101T120000Z' }): WireRequest => ({
    method: 'POST',
    path: '/',
    rawQuery: '',
    headers: { host: 'rampart.example', ...headers, authorization },
    body: Buffer.from('{}'),
  });
  const SIG = 'a'.repeat(64);
  const CRED = `${LONG.accessKeyId}/20260101/us-east-1/kms/aws4_request`;

  it('no signature at all is anonymous', async () => {
    const req: WireRequest = { method: 'POST', path: '/', rawQuery: 'Action=ListUsers', headers: { host: 'h', 'x-amz-date': '20260101T120000Z' }, body: Buffer.alloc(0) };
    await expect(authenticate(req, options())).resolves.toEqual({ kind: 'anonymous' });
    await expect(authenticate({ ...req, headers: { ...req.headers, authorization: '' } }, options())).resolves.toEqual({ kind: 'anonymous' });
  });

  it('missing Authorization parts are listed, with the header', async () => {
    const header = `AWS4-HMAC-SHA256 Credential=${CRED}`;
    expect(await failure(authenticate(withAuthorization(header), options()))).toMatchObject({
      code: 'IncompleteSignature',
      message: `Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${header}`,
    });
    expect(await failure(authenticate(withAuthorization('eyJhbGciOiJIUzI1NiJ9.e30.sig', {}), options()))).toMatchObject({
      code: 'IncompleteSignature',
      message:
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=eyJhbGciOiJIUzI1NiJ9.e30.sig",
    });
    expect(await failure(authenticate(withAuthorization('Bearer abc'), options()))).toMatchObject({
      code: 'IncompleteSignature',
      message: "'abc' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer abc'.",
    });
    expect(await failure(authenticate(withAuthorization(header), options({ s3: true })))).toMatchObject({
      code: 'IncompleteSignature',
      message: 'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
    });
  });

  it('an unsupported algorithm', async () => {
    const header = `AWS4-HMAC-SHA512 Credential=${CRED}, SignedHeaders=host;x-amz-date, Signature=${SIG}`;
    expect(await failure(authenticate(withAuthorization(header), options()))).toMatchObject({
      code: 'IncompleteSignature',
      message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'.",
    });
  });

  it('a malformed credential scope', async () => {
    const header = (credential: string) => `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date, Signature=${SIG}`;
    expect(await failure(authenticate(withAuthorization(header('AKID/20260101/us-east-1/kms')), options()))).toMatchObject({
      code: 'IncompleteSignature',
      message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20260101/us-east-1/kms'",
    });
    expect(await failure(authenticate(withAuthorization(header('AKID/20260101/us-east-1/kms')), options({ s3: true })))).toMatchObject({
      code: 'IncompleteSignature',
      message: 'The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    });
    expect(await failure(authenticate(withAuthorization(header('AKID/20260101/us-east-1/kms/aws5_request')), options()))).toMatchObject({
      code: 'InvalidSignature',
      message: "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ",
    });
  });

  it('dates: unparsable, and a scope date that is not the request date', async () => {
    const header = `AWS4-HMAC-SHA256 Credential=${CRED}, SignedHeaders=host;x-amz-date, Signature=${SIG}`;
    expect(await failure(authenticate(withAuthorization(header, { 'x-amz-date': '2026-01-01T12:00:00Z' }), options()))).toMatchObject({
      code: 'IncompleteSignature',
      message: "Date must be in ISO-8601 'basic format'. Got '2026-01-01T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    });
    expect(await failure(authenticate(withAuthorization(header, { 'x-amz-date': '20260230T120000Z' }), options()))).toMatchObject({ code: 'IncompleteSignature' });
    expect(await failure(authenticate(withAuthorization(header, { 'x-amz-date': '20260102T000000Z' }), options()))).toMatchObject({
      code: 'InvalidSignature',
      message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260101' != '20260102', from '20260102T000000Z'.",
    });
    expect(await failure(authenticate(withAuthorization(header, { 'x-amz-date': '20260102T000000Z' }), options({ s3: true })))).toMatchObject({
      code: 'IncompleteSignature',
      message: 'The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.',
    });
  });

  it('host must be signed', async () => {
    const header = `AWS4-HMAC-SHA256 Credential=${CRED}, SignedHeaders=x-amz-date, Signature=${SIG}`;
    expect(await failure(authenticate(withAuthorization(header), options()))).toMatchObject({
      code: 'IncompleteSignature',
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    });
    const s3 = withAuthorization(header.replace('/kms/', '/s3/'), { 'x-amz-date': '20260101T120000Z', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    expect(await failure(authenticate(s3, options({ s3: true })))).toMatchObject({
      code: 'AccessDenied',
      fields: { HeadersNotSigned: 'host, x-amz-content-sha256' },
    });
  });

  it('the scope must name the expected region and service, when given', async () => {
    const req = await sign(json);
    expect(await failure(authenticate(req, options({ region: 'eu-west-1' })))).toMatchObject({
      code: 'InvalidSignature',
      message: "Credential should be scoped to a valid region, not 'us-east-1'. ",
    });
    expect(await failure(authenticate(req, options({ service: 'secretsmanager' })))).toMatchObject({
      code: 'InvalidSignature',
      message: "Credential should be scoped to correct service: 'secretsmanager'. ",
    });
    expect(await failure(authenticate(req, options({ region: 'eu-west-1', s3: true })))).toMatchObject({
      code: 'IncompleteSignature',
      message: "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'",
      fields: { Region: 'eu-west-1' },
    });
  });
});

describe('parseCredentialScope', () => {
  it('reads the scope from the header or the query, without verifying anything', async () => {
    const signed = await sign(json);
    expect(parseCredentialScope(signed)).toEqual({ accessKeyId: LONG.accessKeyId, date: '20260101', region: 'us-east-1', service: 'kms' });
    const presigned = await presign({ method: 'GET', path: '/', query: { Action: 'GetCallerIdentity' } }, { service: 'sts' });
    expect(parseCredentialScope(presigned)).toEqual({ accessKeyId: LONG.accessKeyId, date: '20260101', region: 'us-east-1', service: 'sts' });
    const base = { method: 'GET', path: '/', rawQuery: '', body: Buffer.alloc(0) };
    expect(parseCredentialScope({ ...base, headers: {} })).toBeUndefined();
    expect(parseCredentialScope({ ...base, headers: { authorization: 'Bearer x' } })).toBeUndefined();
    expect(parseCredentialScope({ ...base, headers: { authorization: 'AWS4-HMAC-SHA256 Credential=a/b/c' } })).toBeUndefined();
    expect(parseCredentialScope({ ...base, headers: { authorization: 'AWS4-HMAC-SHA256 Credential=K/20260101/eu-west-1/s3/aws4_request,SignedHeaders=host' } })).toEqual({
      accessKeyId: 'K',
      date: '20260101',
      region: 'eu-west-1',
      service: 's3',
    });
  });
});

describe('credentials and session tokens', () => {
  it('an unknown access key', async () => {
    const req = await sign(json, { credential: UNKNOWN });
    expect(await failure(authenticate(req, options()))).toMatchObject({
      code: 'UnrecognizedClient',
      message: 'The security token included in the request is invalid.',
    });
  });

  it('development mode accepts unknown keys unverified, but still verifies known ones', async () => {
    const req = await sign(json, { credential: UNKNOWN });
    const auth = (await authenticate(req, options({ acceptUnknownKeys: true }))) as SignedAuth;
    expect(auth).toMatchObject({ kind: 'signed', unverified: true, accessKeyId: UNKNOWN.accessKeyId, service: 'kms' });
    expect(auth.credential).toEqual({ accessKeyId: UNKNOWN.accessKeyId, secretAccessKey: '', principal: undefined });
    const wrong = await sign(json, { credential: { ...LONG, secretAccessKey: 'wrong' } });
    await expect(authenticate(wrong, options({ acceptUnknownKeys: true }))).rejects.toMatchObject({ code: 'InvalidSignature' });
    // The date checks hold in development mode too.
    await expect(authenticate(req, options({ acceptUnknownKeys: true, now: NOW + 10 * MINUTE }))).rejects.toMatchObject({ code: 'RequestTimeSkewed' });
  });

  it('temporary credentials need their session token', async () => {
    const req = await sign(json, { credential: TEMP });
    expect(req.headers['x-amz-security-token']).toBe(TEMP.sessionToken);
    await expect(authenticate(req, options())).resolves.toMatchObject({ accessKeyId: TEMP.accessKeyId, credential: TEMP });

    const withoutToken = await sign(json, { credential: { ...TEMP, sessionToken: undefined } });
    expect(await failure(authenticate(withoutToken, options()))).toMatchObject({
      code: 'UnrecognizedClient',
      message: 'The security token included in the request is invalid.',
    });
    const otherToken = await sign(json, { credential: { ...TEMP, sessionToken: TEMP.sessionToken + 'x' } });
    expect(await failure(authenticate(otherToken, options()))).toMatchObject({ code: 'UnrecognizedClient' });
    const s3 = await sign({ method: 'GET', path: '/b/k' }, { credential: { ...TEMP, sessionToken: 'other' }, service: 's3', s3: true });
    expect(await failure(authenticate(s3, options({ s3: true })))).toMatchObject({
      code: 'InvalidToken',
      message: 'The provided token is malformed or otherwise invalid.',
    });
  });

  it('expired temporary credentials', async () => {
    const req = await sign(json, { credential: TEMP, date: TEMP.expiresAt! - 1000 });
    await expect(authenticate(req, options({ now: TEMP.expiresAt! - 1 }))).resolves.toMatchObject({ kind: 'signed' });
    expect(await failure(authenticate(req, options({ now: TEMP.expiresAt! })))).toMatchObject({
      code: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    });
    const s3 = await sign({ method: 'GET', path: '/b/k' }, { credential: TEMP, service: 's3', s3: true, date: TEMP.expiresAt! - 1000 });
    expect(await failure(authenticate(s3, options({ now: TEMP.expiresAt!, s3: true })))).toMatchObject({
      code: 'ExpiredToken',
      message: 'The provided token has expired.',
    });
  });

  it('a session token sent with a long-term key is refused', async () => {
    const req = await sign(json, { credential: { ...LONG, sessionToken: 'stale-token' } });
    expect(await failure(authenticate(req, options()))).toMatchObject({
      code: 'UnrecognizedClient',
      message: 'The security token included in the request is invalid.',
    });
  });
});

describe('wrong signatures', () => {
  it('answer InvalidSignature with AWS text, keeping the canonical request and string to sign aside', async () => {
    const req = await sign(json, { credential: { ...LONG, secretAccessKey: 'not-the-secret' } });
    const error = (await failure(authenticate(req, options()))) as SignatureMismatchError;
    expect(error).toBeInstanceOf(SignatureMismatchError);
    expect(error.code).toBe('InvalidSignature');
    expect(error.message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
    expect(error.fields).toBeUndefined();
    expect(error.canonicalRequest).toBe(
      [
        'POST',
        '/',
        '',
        'content-type:application/x-amz-json-1.1',
        'host:rampart.example',
        `x-amz-content-sha256:${sha256(json.body)}`,
        'x-amz-date:20260101T120000Z',
        'x-amz-target:TrentService.ListKeys',
        '',
        'content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target',
        sha256(json.body),
      ].join('\n'),
    );
    expect(error.stringToSign).toBe(`AWS4-HMAC-SHA256\n20260101T120000Z\n20260101/us-east-1/kms/aws4_request\n${sha256(error.canonicalRequest)}`);
    expect(error.queryMessage()).toContain(`The Canonical String for this request should have been\n'${error.canonicalRequest}'`);
    // Not enumerable: a logger serializing the error does not print the request back.
    expect(Object.keys(error)).not.toContain('canonicalRequest');
    expect(JSON.stringify(error)).not.toContain('x-amz-target');
    // No secret anywhere.
    const everything = [error.message, error.queryMessage(), JSON.stringify(error.s3Fields()), JSON.stringify(error)].join('\n');
    expect(everything).not.toContain(LONG.secretAccessKey);
    expect(everything).not.toContain('not-the-secret');
  });

  it('any change to what was signed breaks the signature', async () => {
    const req = await sign({ ...json, path: '/a', query: { x: '1' } });
    await expect(authenticate(req, options())).resolves.toMatchObject({ kind: 'signed' });
    const changes: WireRequest[] = [
      { ...req, method: 'PUT' },
      { ...req, path: '/b' },
      { ...req, rawQuery: 'x=2' },
      { ...req, headers: { ...req.headers, 'x-amz-target': 'TrentService.Decrypt' } },
      { ...req, headers: { ...req.headers, host: 'evil.example' } },
      { ...req, body: Buffer.from('{"Limit":1}') },
      { ...req, headers: { ...req.headers, authorization: req.headers.authorization.toUpperCase().replace('AWS4-HMAC-SHA256 CREDENTIAL', 'AWS4-HMAC-SHA256 Credential').replace('SIGNEDHEADERS', 'SignedHeaders').replace('SIGNATURE=', 'Signature=') } },
      { ...req, headers: { ...req.headers, authorization: req.headers.authorization + 'ab' } },
    ];
    for (const changed of changes) await expect(authenticate(changed, options())).rejects.toMatchObject({ code: 'InvalidSignature' });
  });
});

describe('the signing key cache', () => {
  it('derives a key once per secret, day, region and service, with the same results', async () => {
    const cache = new SigningKeyCache();
    const opts = options({ signingKeys: cache });
    const first = await authenticate(await sign(json), opts);
    await authenticate(await sign({ ...json, body: '{"Limit":1}' }), opts);
    await authenticate(await sign(json, { date: NOW + 60_000 }), { ...opts, now: NOW + 60_000 });
    expect(cache.derivations).toBe(1);
    const uncached = await authenticate(await sign(json), options());
    expect(uncached).toEqual(first);

    await authenticate(await sign({ method: 'GET', path: '/', query: { Action: 'GetCallerIdentity' } }, { service: 'sts' }), opts);
    expect(cache.derivations).toBe(2);
    const tomorrow = NOW + 24 * 60 * MINUTE;
    await authenticate(await sign(json, { date: tomorrow }), { ...opts, now: tomorrow });
    expect(cache.derivations).toBe(3);
    await authenticate(await sign(json, { credential: TEMP }), opts);
    expect(cache.derivations).toBe(4);
  });

  it('works with resolvers that return fresh objects, and notices a changed secret', async () => {
    const cache = new SigningKeyCache();
    let secret = LONG.secretAccessKey;
    const fresh: CredentialResolver = { resolve: async (id) => (id === LONG.accessKeyId ? { ...LONG, secretAccessKey: secret } : undefined) };
    const opts = options({ signingKeys: cache, resolver: fresh });
    for (let i = 0; i < 3; i++) await authenticate(await sign(json), opts);
    expect(cache.derivations).toBe(1);
    secret = 'rotated-secret';
    await expect(authenticate(await sign(json), opts)).rejects.toMatchObject({ code: 'InvalidSignature' });
    await expect(authenticate(await sign(json, { credential: { ...LONG, secretAccessKey: secret } }), opts)).resolves.toMatchObject({ kind: 'signed' });
  });

  it('is bounded, evicting the least recently used key, and holds no secret', async () => {
    const cache = new SigningKeyCache(2);
    const opts = options({ signingKeys: cache });
    const kms = await sign(json);
    const sts = await sign({ method: 'GET', path: '/', query: { Action: 'GetCallerIdentity' } }, { service: 'sts' });
    const iam = await sign({ method: 'GET', path: '/', query: { Action: 'ListUsers' } }, { service: 'iam' });
    await authenticate(kms, opts);
    await authenticate(sts, opts);
    await authenticate(kms, opts); // kms is now the most recently used
    await authenticate(iam, opts); // evicts sts
    expect(cache.size).toBe(2);
    expect(cache.derivations).toBe(3);
    await authenticate(kms, opts);
    expect(cache.derivations).toBe(3);
    await authenticate(sts, opts);
    expect(cache.derivations).toBe(4);
    const ids = [...(cache as unknown as { keys: Map<string, Buffer> }).keys.keys()].join('\n');
    expect(ids).not.toContain(LONG.secretAccessKey);
  });
});

describe('cost', () => {
  it('a verification with a cached key stays far below a millisecond', async () => {
    const req = await sign(json);
    const opts = options();
    await authenticate(req, opts);
    const rounds = 2000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) await authenticate(req, opts);
    const microseconds = Number(process.hrtime.bigint() - start) / 1000 / rounds;
    // The target is ~20 µs; the bound leaves room for slow, shared CI machines.
    expect(microseconds).toBeLessThan(250);
  });
});

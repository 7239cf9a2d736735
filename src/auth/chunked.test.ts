// aws-chunked decoding. The signed chain is checked against the worked example of the S3 docs
// ("Transferring payload in multiple chunks": 66560 bytes of 'a' in chunks of 65536, 1024 and 0) and
// the trailer signature against the AWS Common Runtime's test vector.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import type { WireRequest } from '../protocol/wire.js';
import { ChunkSigner } from './chunk-signer.js';
import { deriveSigningKey, SigningKeyCache } from './signing-key.js';
import { authenticate, decodeChunkedBody, isStreamingPayload, type AuthResult, type Credential } from './index.js';

const KEY: Credential = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', principal: 'docs' };
const TIME = Date.UTC(2013, 4, 24);
const SCOPE = '20130524/us-east-1/s3/aws4_request';
const SEED = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
const CHAIN = [
  [65536, 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648'],
  [1024, '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497'],
  [0, 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'],
] as const;

const resolver = { resolve: async (id: string) => (id === KEY.accessKeyId ? KEY : undefined) };
const verify = (req: WireRequest, extra: object = {}) =>
  authenticate(req, { now: TIME, resolver, s3: true, signingKeys: new SigningKeyCache(), ...extra });

function exampleBody(corrupt?: (data: Buffer, index: number) => void): Buffer {
  const parts: Buffer[] = [];
  CHAIN.forEach(([size, signature], index) => {
    const data = Buffer.alloc(size, 'a');
    corrupt?.(data, index);
    parts.push(Buffer.from(`${size.toString(16)};chunk-signature=${signature}\r\n`), data, Buffer.from('\r\n'));
  });
  return Buffer.concat(parts);
}

function exampleRequest(body = exampleBody()): WireRequest {
  return {
    method: 'PUT',
    path: '/examplebucket/chunkObject.txt',
    rawQuery: '',
    headers: {
      host: 's3.amazonaws.com',
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': '66560',
      'content-length': '66824',
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/${SCOPE},SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${SEED}`,
    },
    body,
  };
}

describe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD (the S3 documentation example)', () => {
  it('verifies the seed signature and every chunk, and returns the payload', async () => {
    const req = exampleRequest();
    expect(req.body).toHaveLength(66824);
    const auth = await verify(req);
    expect(auth).toMatchObject({ kind: 'signed', signature: SEED, payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' });
    const decoded = decodeChunkedBody(req, auth);
    expect(decoded.body.equals(Buffer.alloc(66560, 'a'))).toBe(true);
    expect(decoded.trailers).toEqual({});
  });

  it('rejects a corrupted chunk, a chunk signature of another chain and reordered chunks', async () => {
    const corrupted = exampleRequest(exampleBody((data, i) => i === 1 && (data[10] = 0x62)));
    const auth = await verify(corrupted);
    expect(() => decodeChunkedBody(corrupted, auth)).toThrow(expect.objectContaining({ code: 'InvalidSignature' }));

    const swapped = exampleBody().toString('latin1').replace(CHAIN[1][1], CHAIN[0][1]);
    const wrongChain = exampleRequest(Buffer.from(swapped, 'latin1'));
    expect(() => decodeChunkedBody(wrongChain, auth)).toThrow(expect.objectContaining({ code: 'InvalidSignature' }));

    // Dropping the 1024-byte chunk breaks the chain at the final chunk.
    const text = exampleBody().toString('latin1');
    const start = text.indexOf('400;');
    const dropped = exampleRequest(Buffer.from(text.slice(0, start) + text.slice(text.indexOf('0;chunk', start)), 'latin1'));
    expect(() => decodeChunkedBody(dropped, auth)).toThrow(expect.objectContaining({ code: 'InvalidSignature' }));
  });

  it('checks x-amz-decoded-content-length', async () => {
    const req = exampleRequest();
    req.headers['x-amz-decoded-content-length'] = '66561';
    // The header is signed: the seed signature no longer matches.
    await expect(verify(req)).rejects.toMatchObject({ code: 'InvalidSignature' });
    const auth = await verify(exampleRequest());
    expect(() => decodeChunkedBody(req, auth)).toThrow(expect.objectContaining({ code: 'IncompleteBody' }));
  });

  it('rejects truncated and malformed framing', async () => {
    const auth = await verify(exampleRequest());
    const body = exampleBody();
    expect(() => decodeChunkedBody(exampleRequest(body.subarray(0, 1000)), auth)).toThrow(expect.objectContaining({ code: 'IncompleteBody' }));
    expect(() => decodeChunkedBody(exampleRequest(body.subarray(0, body.length - 4)), auth)).toThrow(
      expect.objectContaining({ code: 'IncompleteBody' }),
    );
    const noSignature = Buffer.from(body.toString('latin1').replace(`;chunk-signature=${CHAIN[0][1]}`, ''), 'latin1');
    expect(() => decodeChunkedBody(exampleRequest(noSignature), auth)).toThrow(expect.objectContaining({ code: 'InvalidRequest' }));
    const badSize = Buffer.from(body.toString('latin1').replace('10000;', 'zz;'), 'latin1');
    expect(() => decodeChunkedBody(exampleRequest(badSize), auth)).toThrow(expect.objectContaining({ code: 'InvalidRequest' }));
    const extra = Buffer.concat([body, Buffer.from('junk\r\n')]);
    expect(() => decodeChunkedBody(exampleRequest(extra), auth)).toThrow();
  });

  it('does not verify chunks for an unverified development-mode key, but still decodes them', async () => {
    const req = exampleRequest(exampleBody((data, i) => i === 0 && (data[0] = 0x62)));
    const auth = await verify(req, { resolver: { resolve: async () => undefined }, acceptUnknownKeys: true });
    expect(auth).toMatchObject({ unverified: true });
    expect(decodeChunkedBody(req, auth).body).toHaveLength(66560);
  });
});

describe('trailing headers', () => {
  const signer = new ChunkSigner(deriveSigningKey(KEY.secretAccessKey, '20130524', 'us-east-1', 's3'), '20130524T000000Z', SCOPE);

  it('signs trailers as the AWS Common Runtime does', () => {
    expect(signer.trailerSignature(CHAIN[2][1], 'first:1st\nsecond:2nd\nthird:3rd\n')).toBe(
      'df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c',
    );
  });

  /** A signed-trailer upload: the seed from the SDK's signer, the chain from ChunkSigner (checked above). */
  async function signedTrailerUpload(payload: Buffer[], trailers: [string, string][], tamper?: (text: string) => string) {
    const headers: Record<string, string> = {
      host: 's3.amazonaws.com',
      'content-encoding': 'aws-chunked',
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
      'x-amz-decoded-content-length': String(payload.reduce((n, p) => n + p.length, 0)),
      'x-amz-trailer': trailers.map(([name]) => name).join(','),
    };
    const sdkSigner = new SignatureV4({ credentials: KEY, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false });
    const signed = await sdkSigner.sign(
      { method: 'PUT', protocol: 'https:', hostname: 's3.amazonaws.com', path: '/bucket/key', query: {}, headers },
      { signingDate: new Date(TIME) },
    );
    const seed = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization)![1];
    let previous = seed;
    let text = '';
    for (const data of [...payload, Buffer.alloc(0)]) {
      previous = signer.chunkSignature(previous, data);
      text += `${data.length.toString(16)};chunk-signature=${previous}\r\n${data.toString('latin1')}`;
      if (data.length > 0) text += '\r\n';
    }
    const canonical = trailers.map(([name, value]) => `${name}:${value}\n`).join('');
    text += canonical.replace(/\n/g, '\r\n') + `x-amz-trailer-signature:${signer.trailerSignature(previous, canonical)}\r\n\r\n`;
    const req: WireRequest = {
      method: 'PUT',
      path: '/bucket/key',
      rawQuery: '',
      headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), String(v)])),
      body: Buffer.from(tamper ? tamper(text) : text, 'latin1'),
    };
    return { req, auth: await verify(req) };
  }

  it('STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: verifies chunks and the trailer signature, returns the trailers', async () => {
    const { req, auth } = await signedTrailerUpload([Buffer.from('hello '), Buffer.from('world')], [['x-amz-checksum-crc32', 'DUoRhQ==']]);
    expect(decodeChunkedBody(req, auth)).toEqual({ body: Buffer.from('hello world'), trailers: { 'x-amz-checksum-crc32': 'DUoRhQ==' } });
  });

  it('rejects an altered trailer and a missing trailer signature', async () => {
    const altered = await signedTrailerUpload([Buffer.from('hello')], [['x-amz-checksum-crc32', 'NhCmhg==']], (t) => t.replace('NhCmhg==', 'AAAAAA=='));
    expect(() => decodeChunkedBody(altered.req, altered.auth)).toThrow(expect.objectContaining({ code: 'InvalidSignature' }));
    const unsigned = await signedTrailerUpload([Buffer.from('hello')], [['x-amz-checksum-crc32', 'NhCmhg==']], (t) =>
      t.replace(/x-amz-trailer-signature:[0-9a-f]+\r\n/, ''),
    );
    expect(() => decodeChunkedBody(unsigned.req, unsigned.auth)).toThrow(expect.objectContaining({ code: 'MalformedTrailerError' }));
  });

  function unsignedTrailerRequest(body: string, trailer = 'x-amz-checksum-crc32'): WireRequest {
    return {
      method: 'PUT',
      path: '/b/k',
      rawQuery: '',
      headers: { host: 'h', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-trailer': trailer },
      body: Buffer.from(body),
    };
  }
  const signedAuth = (req: WireRequest): AuthResult => ({
    kind: 'signed',
    credential: KEY,
    unverified: false,
    accessKeyId: KEY.accessKeyId,
    region: 'us-east-1',
    service: 's3',
    signedAt: TIME,
    presigned: false,
    payloadHash: req.headers['x-amz-content-sha256'],
    signature: SEED,
    signedHeaders: ['host'],
  });

  it('STREAMING-UNSIGNED-PAYLOAD-TRAILER: plain chunks and the announced trailers', () => {
    const req = unsignedTrailerRequest('6\r\nhello \r\n5\r\nworld\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    expect(decodeChunkedBody(req, signedAuth(req))).toEqual({ body: Buffer.from('hello world'), trailers: { 'x-amz-checksum-crc32': 'DUoRhQ==' } });
  });

  it('STREAMING-UNSIGNED-PAYLOAD-TRAILER: trailers must be exactly the announced ones', () => {
    const missing = unsignedTrailerRequest('5\r\nhello\r\n0\r\n\r\n');
    expect(() => decodeChunkedBody(missing, signedAuth(missing))).toThrow(expect.objectContaining({ code: 'MalformedTrailerError' }));
    const other = unsignedTrailerRequest('5\r\nhello\r\n0\r\nx-amz-checksum-sha256:abc\r\n\r\n');
    expect(() => decodeChunkedBody(other, signedAuth(other))).toThrow(expect.objectContaining({ code: 'MalformedTrailerError' }));
    const proto = unsignedTrailerRequest('5\r\nhello\r\n0\r\n__proto__:x\r\n\r\n', '__proto__');
    const decoded = decodeChunkedBody(proto, signedAuth(proto));
    expect(decoded.trailers['__proto__']).toBe('x');
    expect(Object.getPrototypeOf(decoded.trailers)).toBeNull();
  });

  it('accepts the SDK framing without trailers, where the final chunk is not followed by an empty line', () => {
    const req = unsignedTrailerRequest('5\r\nhello\r\n0\r\n', '');
    expect(decodeChunkedBody(req, signedAuth(req)).body.toString()).toBe('hello');
  });
});

describe('bodies that are not aws-chunked', () => {
  it('come back unchanged', () => {
    const req: WireRequest = { method: 'PUT', path: '/b/k', rawQuery: '', headers: { host: 'h' }, body: Buffer.from('x') };
    expect(decodeChunkedBody(req, { kind: 'anonymous' })).toEqual({ body: req.body, trailers: {} });
    expect(isStreamingPayload('UNSIGNED-PAYLOAD')).toBe(false);
    expect(isStreamingPayload('STREAMING-UNSIGNED-PAYLOAD-TRAILER')).toBe(true);
  });
  it('refuses signed chunks on an anonymous request', () => {
    const req: WireRequest = {
      method: 'PUT',
      path: '/b/k',
      rawQuery: '',
      headers: { host: 'h', 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' },
      body: Buffer.from('0;chunk-signature=00\r\n\r\n'),
    };
    expect(() => decodeChunkedBody(req, { kind: 'anonymous' })).toThrow(expect.objectContaining({ code: 'InvalidRequest' }));
  });
});

// Published test vectors, as facts: AWS's Signature Version 4 test suite (as shipped with the
// JavaScript SDK's signer and with aws-c-auth) and the worked examples of the S3 SigV4 documentation.
import { describe, expect, it } from 'vitest';
import type { WireRequest } from '../protocol/wire.js';
import { canonicalRequest, stringToSign } from './canonical.js';
import { readSignature } from './parse.js';
import { deriveSigningKey, hmacHex, SigningKeyCache } from './signing-key.js';
import type { Credential, CredentialResolver } from './types.js';
import { authenticate } from './index.js';

const SUITE_KEY: Credential = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', principal: 'suite' };
const SUITE_TIME = Date.UTC(2015, 7, 30, 12, 36, 0);
const DOCS_KEY: Credential = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', principal: 'docs' };
const DOCS_TIME = Date.UTC(2013, 4, 24);
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function resolverOf(...credentials: Credential[]): CredentialResolver {
  return { resolve: async (id) => credentials.find((c) => c.accessKeyId === id) };
}

/** An HTTP/1.1 request as the suite writes it: request line, `Name:value` headers, blank line, body. */
function parseHttp(text: string): WireRequest {
  const [head, ...rest] = text.split('\n\n');
  const [requestLine, ...headerLines] = head.split('\n');
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' '));
  const q = target.indexOf('?');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return {
    method,
    path: q < 0 ? target : target.slice(0, q),
    rawQuery: q < 0 ? '' : target.slice(q + 1),
    headers,
    body: Buffer.from(rest.join('\n\n')),
  };
}

/** The query string the SDK's HTTP handler sends for a query object. */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

// The AWS suite as the JavaScript SDK's signer tests carry it (smithy-typescript suite.fixture.ts):
// name, method, path, query, extra headers, body, signed headers, signature.
type Vector = [string, string, string, Record<string, string>, Record<string, string>, string, string, string];
const SUITE: Vector[] = [
  ['get-header-key-duplicate', 'GET', '/', {}, { 'my-header1': 'value2,value2,value1' }, '', 'host;my-header1;x-amz-date', 'c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea'],
  ['get-header-value-multiline', 'GET', '/', {}, { 'my-header1': 'value1,value2,value3' }, '', 'host;my-header1;x-amz-date', 'ba17b383a53190154eb5fa66a1b836cc297cc0a3d70a5d00705980573d8ff790'],
  ['get-header-value-order', 'GET', '/', {}, { 'my-header1': 'value4,value1,value3,value2' }, '', 'host;my-header1;x-amz-date', '08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01'],
  ['get-header-value-trim', 'GET', '/', {}, { 'my-header1': 'value1', 'my-header2': '"a   b   c"' }, '', 'host;my-header1;my-header2;x-amz-date', 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736'],
  ['get-unreserved', 'GET', '/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', {}, {}, '', 'host;x-amz-date', '07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f'],
  ['get-utf8', 'GET', '/ሴ', {}, {}, '', 'host;x-amz-date', '8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85'],
  ['get-vanilla', 'GET', '/', {}, {}, '', 'host;x-amz-date', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
  ['get-vanilla-empty-query-key', 'GET', '/', { Param1: 'value1' }, {}, '', 'host;x-amz-date', 'a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb'],
  ['get-vanilla-query-order-key-case', 'GET', '/', { Param2: 'value2', Param1: 'value1' }, {}, '', 'host;x-amz-date', 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500'],
  ['get-vanilla-query-unreserved', 'GET', '/', { '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz': '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz' }, {}, '', 'host;x-amz-date', '9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197'],
  ['get-vanilla-utf8-query', 'GET', '/', { 'ሴ': 'bar' }, {}, '', 'host;x-amz-date', '2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04'],
  ['post-header-key-sort', 'POST', '/', {}, { 'my-header1': 'value1' }, '', 'host;my-header1;x-amz-date', 'c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c'],
  ['post-header-value-case', 'POST', '/', {}, { 'my-header1': 'VALUE1' }, '', 'host;my-header1;x-amz-date', 'cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d'],
  ['post-sts-header-before', 'POST', '/', {}, { 'x-amz-security-token': 'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==' }, '', 'host;x-amz-date;x-amz-security-token', '85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead'],
  ['post-vanilla', 'POST', '/', {}, {}, '', 'host;x-amz-date', '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'],
  ['post-vanilla-query', 'POST', '/', { Param1: 'value1' }, {}, '', 'host;x-amz-date', '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11'],
  ['post-vanilla-query-nonunreserved', 'POST', '/', { '@#$%^': '', '+': '/,?><`";:\\|][{}' }, {}, '', 'host;x-amz-date', '66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e'],
  ['post-vanilla-query-space', 'POST', '/', { p: '' }, {}, '', 'host;x-amz-date', 'e71688addb58a26418614085fb730ba3faa623b461c17f48f2fbdb9361b94a9b'],
  ['post-x-www-form-urlencoded', 'POST', '/', {}, { 'content-type': 'application/x-www-form-urlencoded' }, 'Param1=value1', 'content-type;host;x-amz-date', 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a'],
  ['post-x-www-form-urlencoded-parameters', 'POST', '/', {}, { 'content-type': 'application/x-www-form-urlencoded; charset=utf8' }, 'Param1=value1', 'content-type;host;x-amz-date', '1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe'],
];

describe('the AWS SigV4 test suite (header-signed requests)', () => {
  it.each(SUITE)('%s verifies', async (_name, method, path, query, extra, body, signed, signature) => {
    const rawQuery = Object.keys(query)
      .sort()
      .map((k) => `${escapeUri(k)}=${escapeUri(query[k])}`)
      .join('&');
    const req: WireRequest = {
      method,
      path,
      rawQuery,
      headers: {
        host: 'example.amazonaws.com',
        'x-amz-date': '20150830T123600Z',
        ...extra,
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${signed}, Signature=${signature}`,
      },
      body: Buffer.from(body),
    };
    // The suite's session token belongs to no credential here: check the signature with a key that has it.
    const token = extra['x-amz-security-token'];
    const credential = token === undefined ? SUITE_KEY : { ...SUITE_KEY, sessionToken: token };
    const auth = await authenticate(req, { now: SUITE_TIME, resolver: resolverOf(credential), service: 'service', region: 'us-east-1' });
    expect(auth).toMatchObject({ kind: 'signed', unverified: false, accessKeyId: 'AKIDEXAMPLE', service: 'service', region: 'us-east-1' });
    // And one changed signature digit fails.
    const wrong = { ...req, headers: { ...req.headers, authorization: req.headers.authorization.replace(/.$/, (c) => (c === '0' ? '1' : '0')) } };
    await expect(authenticate(wrong, { now: SUITE_TIME, resolver: resolverOf(credential) })).rejects.toMatchObject({ code: 'InvalidSignature' });
  });
});

// aws-c-auth's copy of the suite (tests/aws-signing-test-suite/v4), which adds path normalization
// cases: "normalized" vectors follow the rules of every service but S3, "unnormalized" ones S3's.
const C_AUTH: [string, string, boolean][] = [
  ['get-slashes-normalized', 'GET //example// HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84\nX-Amz-Date:20150830T123600Z\n\n', true],
  ['get-vanilla-query-order-encoded', 'GET /?Param-3=Value3&Param=Value2&%E1%88%B4=Value1 HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac\nX-Amz-Date:20150830T123600Z\n\n', true],
  ['get-relative-unnormalized', 'GET /example/.. HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=eca7ead57bb5aa5c8e28007acd4ff04e1ff9a0ff3b237ec1554a184887ff9282\nX-Amz-Date:20150830T123600Z\n\n', false],
  ['get-relative-relative-unnormalized', 'GET /example1/example2/../.. HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=dc33e0856fd4baca4d7aa2146c38958283844764f38c74252a333df5e613003b\nX-Amz-Date:20150830T123600Z\n\n', false],
  ['get-slash-dot-slash-unnormalized', 'GET /./ HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=68714168e6557f8f2de0ef956fc24dc2593a4bd2961f8df51898d8a134695145\nX-Amz-Date:20150830T123600Z\n\n', false],
  ['get-slash-pointless-dot-unnormalized', 'GET /./example HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=beb03f223f7deae4146464f06e29eebbee9c8afbe15c290cf07aa8b119e14cff\nX-Amz-Date:20150830T123600Z\n\n', false],
  ['get-slashes-unnormalized', 'GET //example// HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=87cca117541a147f6df867677d98a7d80dff226d2bfca9e4ffa899665623c7e5\nX-Amz-Date:20150830T123600Z\n\n', false],
  ['get-slash-unnormalized', 'GET // HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=c88bcd3d312d75078c0cd961d6deae3f4c754924b01669efcfcb439fd5e5b76e\nX-Amz-Date:20150830T123600Z\n\n', false],
  ['get-space-unnormalized', 'GET /example space/ HTTP/1.1\nHost:example.amazonaws.com\nx-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nAuthorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741\nX-Amz-Date:20150830T123600Z\n\n', false],
  ['get-vanilla-with-session-token', 'GET / HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8\nX-Amz-Date:20150830T123600Z\nX-Amz-Security-Token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267\n\n', true],
];

describe('the aws-c-auth copy of the suite', () => {
  it.each(C_AUTH)('%s: the canonical request gives the published signature', (_name, text, normalize) => {
    // The unnormalized vectors are not S3 requests (no x-amz-content-sha256), so their canonical
    // form is checked directly with S3's path rules and the empty payload.
    const req = parseHttp(text);
    const sig = readSignature(req, false)!;
    const toSign = stringToSign(sig.amzDate, sig.credentialScope, canonicalRequest(req, sig, EMPTY_SHA256, !normalize));
    expect(hmacHex(deriveSigningKey(SUITE_KEY.secretAccessKey, '20150830', 'us-east-1', 'service'), toSign)).toBe(sig.signature);
  });

  it.each(C_AUTH.filter(([, , normalize]) => normalize))('%s verifies end to end', async (_name, text) => {
    const credential = { ...SUITE_KEY, sessionToken: '6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267' };
    const req = parseHttp(text);
    const resolver = resolverOf(req.headers['x-amz-security-token'] ? credential : SUITE_KEY);
    await expect(authenticate(req, { now: SUITE_TIME, resolver })).resolves.toMatchObject({ kind: 'signed' });
  });
});

describe('the examples of the S3 SigV4 documentation', () => {
  const s3 = (req: WireRequest, extra: object = {}) =>
    authenticate(req, { now: DOCS_TIME, resolver: resolverOf(DOCS_KEY), s3: true, signingKeys: new SigningKeyCache(), ...extra });
  const header = (signed: string, signature: string) =>
    `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=${signed},Signature=${signature}`;
  const base = { host: 'examplebucket.s3.amazonaws.com', 'x-amz-date': '20130524T000000Z', 'x-amz-content-sha256': EMPTY_SHA256 };

  it('GET Object (with a Range header)', async () => {
    const req: WireRequest = {
      method: 'GET',
      path: '/test.txt',
      rawQuery: '',
      headers: { ...base, range: 'bytes=0-9', authorization: header('host;range;x-amz-content-sha256;x-amz-date', 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41') },
      body: Buffer.alloc(0),
    };
    await expect(s3(req)).resolves.toMatchObject({ kind: 'signed', payloadHash: EMPTY_SHA256 });
  });

  it('PUT Object (key with $, a Date header and a signed payload)', async () => {
    const body = Buffer.from('Welcome to Amazon S3.');
    const req: WireRequest = {
      method: 'PUT',
      path: '/test%24file.text',
      rawQuery: '',
      headers: {
        ...base,
        date: 'Fri, 24 May 2013 00:00:00 GMT',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        'x-amz-content-sha256': '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
        authorization: header('date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class', '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd'),
      },
      body,
    };
    await expect(s3(req)).resolves.toMatchObject({ kind: 'signed' });
    // The same key sent with '$' unencoded is the same canonical path.
    await expect(s3({ ...req, path: '/test$file.text' })).resolves.toMatchObject({ kind: 'signed' });
    // A body that is not the one the header hashes.
    await expect(s3({ ...req, body: Buffer.from('Welcome to Amazon S4.') })).rejects.toMatchObject({
      code: 'XAmzContentSHA256Mismatch',
      fields: { ClientComputedContentSHA256: '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072' },
    });
  });

  it('GET Bucket lifecycle (a parameter without a value) and GET Bucket (two parameters)', async () => {
    const get = (rawQuery: string, signature: string): WireRequest => ({
      method: 'GET',
      path: '/',
      rawQuery,
      headers: { ...base, authorization: header('host;x-amz-content-sha256;x-amz-date', signature) },
      body: Buffer.alloc(0),
    });
    await expect(s3(get('lifecycle', 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543'))).resolves.toMatchObject({ kind: 'signed' });
    await expect(s3(get('lifecycle=', 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543'))).resolves.toMatchObject({ kind: 'signed' });
    await expect(s3(get('prefix=J&max-keys=2', '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7'))).resolves.toMatchObject({ kind: 'signed' });
  });

  it('a presigned GET Object URL, valid for 86400 seconds', async () => {
    const req: WireRequest = {
      method: 'GET',
      path: '/test.txt',
      rawQuery:
        'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
      headers: { host: 'examplebucket.s3.amazonaws.com' },
      body: Buffer.alloc(0),
    };
    await expect(s3(req, { now: DOCS_TIME + 86_400_000 })).resolves.toMatchObject({
      kind: 'signed',
      presigned: true,
      payloadHash: 'UNSIGNED-PAYLOAD',
      expiresAt: DOCS_TIME + 86_400_000,
    });
    await expect(s3(req, { now: DOCS_TIME + 86_400_001 })).rejects.toMatchObject({ code: 'PresignedUrlExpired', message: 'Request has expired' });
  });
});

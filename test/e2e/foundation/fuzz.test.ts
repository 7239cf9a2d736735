// Throws 10,000 random and malformed requests at a Rampart child process: bodies, headers, targets,
// content types, encodings, paths and query strings, most of them correctly signed so that they reach
// the parsers. Every answer must be a well-formed AWS error (or a success), never a 500, the process
// must stay up, and its memory must level off.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild, type ChildServer } from '../../helpers/rampart.js';

const TOTAL = Number(process.env.RAMPART_FUZZ_REQUESTS ?? 10_000);
const CONCURRENCY = 16;

// A small deterministic PRNG, so a failure can be replayed with the same seed.
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

interface ModelSummary {
  protocol: string;
  targetPrefix?: string;
  signingName: string;
  apiVersion: string;
  operations: { name: string; method: string; uri: string; members: string[] }[];
}

function loadModel(file: string): ModelSummary {
  const model = JSON.parse(gunzipSync(readFileSync(new URL(`../../../models/${file}`, import.meta.url))).toString());
  const operations = Object.values(model.operations as Record<string, { name: string; http: { method: string; requestUri: string }; input?: { shape: string } }>).map(
    (op) => ({
      name: op.name,
      method: op.http.method,
      uri: op.http.requestUri,
      members: op.input ? Object.keys(model.shapes[op.input.shape]?.members ?? {}) : [],
    }),
  );
  return {
    protocol: model.metadata.protocol,
    targetPrefix: model.metadata.targetPrefix,
    signingName: model.metadata.signingName ?? model.metadata.endpointPrefix,
    apiVersion: model.metadata.apiVersion,
    operations,
  };
}

const MODELS = [
  'kms-2014-11-01.json.gz',
  'secretsmanager-2017-10-17.json.gz',
  'ssm-2014-11-06.json.gz',
  'sts-2011-06-15.json.gz',
  'iam-2010-05-08.json.gz',
  'guardduty-2017-11-28.json.gz',
  's3-2006-03-01.json.gz',
].map(loadModel);

type Random = ReturnType<typeof prng>;

const NASTY_STRINGS = ['', ' ', '\u0000', '%', '%zz', '../../etc/passwd', '<x>&amp;</x>', '"\'\\', '\ud800', '😀'.repeat(50), 'a'.repeat(70_000), '${jndi:x}', '__proto__', 'constructor'];

function randomValue(r: Random, depth = 0): unknown {
  switch (r.int(depth > 4 ? 5 : 9)) {
    case 0:
      return r.pick(NASTY_STRINGS);
    case 1:
      return r.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 63, Number.MAX_SAFE_INTEGER + 2]);
    case 2:
      return r.chance(0.5);
    case 3:
      return null;
    case 4:
      return Math.random().toString(36).slice(2);
    case 5:
      return Array.from({ length: r.int(5) }, () => randomValue(r, depth + 1));
    default: {
      // No prototype, so a "__proto__" key is an ordinary member that reaches the server.
      const object: Record<string, unknown> = Object.create(null);
      for (let i = r.int(5); i > 0; i--) object[r.pick(['Name', 'KeyId', 'Tags', 'Value', '__proto__', 'x'])] = randomValue(r, depth + 1);
      return object;
    }
  }
}

function randomBody(r: Random, members: string[]): Buffer {
  switch (r.int(6)) {
    case 0:
      return Buffer.from(Array.from({ length: r.int(300) }, () => r.int(256)));
    case 1:
      return Buffer.from('{"a":'.repeat(r.int(2000)));
    case 2:
      return Buffer.from(JSON.stringify(randomValue(r)).slice(0, r.int(200)));
    default: {
      const body: Record<string, unknown> = {};
      for (const member of members) if (r.chance(0.6)) body[member] = randomValue(r);
      return Buffer.from(JSON.stringify(body));
    }
  }
}

const text = (value: unknown) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
/** encodeURIComponent refuses lone surrogates; a careless client would send U+FFFD. */
const encode = (value: string) => encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'));

function randomForm(r: Random, action: string, version: string, members: string[]): Buffer {
  const parts = [`Action=${encode(action)}`];
  if (r.chance(0.9)) parts.push(`Version=${version}`);
  for (const member of members) {
    if (r.chance(0.5)) parts.push(`${member}${r.chance(0.3) ? '.member.' + r.int(3) : ''}=${encode(text(randomValue(r)))}`);
  }
  if (r.chance(0.1)) parts.push('%zz=%', '&&&', '=');
  return Buffer.from(parts.join('&'));
}

function fillUri(r: Random, uri: string): string {
  return uri
    .replace(/\{[^}]+\}/g, () => encode(r.pick(['a', 'x y', '%', 'bucket-1', '..', '\u00e9', ''])))
    .replace(/\?$/, '');
}

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  sign: string | undefined;
}

function randomRequest(r: Random): FuzzRequest {
  const model = r.pick(MODELS);
  const op = r.pick(model.operations);
  const headers: Record<string, string> = {};
  let method = 'POST';
  let path = '/';
  let body: Buffer;
  if (model.protocol === 'json') {
    headers['content-type'] = r.pick(['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json', 'text/plain', '']);
    headers['x-amz-target'] = r.chance(0.9) ? `${model.targetPrefix}.${op.name}` : r.pick([`${model.targetPrefix}.`, 'Nope.Nothing', '', `${model.targetPrefix}.${op.name}.x`]);
    body = randomBody(r, op.members);
  } else if (model.protocol === 'query') {
    headers['content-type'] = r.pick(['application/x-www-form-urlencoded; charset=utf-8', 'application/x-www-form-urlencoded', 'text/xml']);
    body = randomForm(r, r.chance(0.9) ? op.name : 'Nope', model.apiVersion, op.members);
    if (r.chance(0.15)) {
      method = 'GET';
      path = `/?${body.toString()}`;
      body = Buffer.alloc(0);
    }
  } else {
    method = r.chance(0.9) ? op.method : r.pick(['PATCH', 'OPTIONS', 'TRACE', 'PURGE']);
    path = fillUri(r, op.uri);
    if (r.chance(0.2)) path += `${path.includes('?') ? '&' : '?'}${r.pick(['%zz', 'a=%', 'x-id=1', 'tagging', '=&='])}`;
    headers['content-type'] = model.protocol === 'rest-json' ? 'application/json' : r.pick(['application/xml', 'text/plain']);
    body =
      model.protocol === 'rest-json'
        ? randomBody(r, op.members)
        : Buffer.from(r.pick(['<a>', '<?xml version="1.0"?><Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', '']));
  }
  if (r.chance(0.1)) headers['content-encoding'] = r.pick(['gzip', 'aws-chunked', 'br', 'identity']);
  if (r.chance(0.1)) headers[r.pick(['x-amz-security-token', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-meta-a', '__proto__', 'x-weird'])] = r.pick(['', 'x', '99999999T999999Z', 'UNSIGNED-PAYLOAD']);
  const signing = r.int(10);
  const sign = signing < 8 ? model.signingName : signing === 8 ? undefined : 'nosuchservice';
  if (signing === 9 && r.chance(0.5)) headers.authorization = r.pick(['AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA256 Credential=/', 'Basic Zm9vOmJhcg==', 'AWS4-HMAC-SHA256 Credential=AKIA/20200101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00']);
  return { method, path, headers, body, sign };
}

describe('fuzzing the server', () => {
  let server: ChildServer;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  beforeAll(async () => {
    server = await startChild({ env: { RAMPART_LOG_LEVEL: 'fatal' } });
  });
  afterAll(async () => {
    agent.destroy();
    await server?.destroy();
  });

  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.process.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

  async function send(r: FuzzRequest): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
    const url = new URL(server.endpoint);
    let headers: Record<string, string> = { ...r.headers, host: url.host, 'content-length': String(r.body.length) };
    if (r.sign) {
      const signer = new SignatureV4({ credentials: server.credentials, region: 'us-east-1', service: r.sign, sha256: Sha256, uriEscapePath: r.sign !== 's3' });
      const [pathname, query] = r.path.split('?', 2);
      const queryObject: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(query ?? '')) queryObject[k] = v;
      try {
        const signed = await signer.sign({ method: r.method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: pathname, query: queryObject, headers, body: r.body });
        headers = signed.headers as typeof headers;
      } catch {
        // Some random paths cannot be signed by the SDK; send them unsigned.
      }
    }
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(r.body);
    });
  }

  function wellFormed(method: string, response: { status: number; headers: Record<string, string | string[] | undefined>; body: string }): string | undefined {
    if (response.status >= 200 && response.status < 300) return undefined;
    const requestId = response.headers['x-amzn-requestid'] ?? response.headers['x-amz-request-id'];
    if (!requestId) return 'no request id';
    if (response.status >= 500 && response.status !== 501) return `status ${response.status}`;
    if (method === 'HEAD') return undefined; // S3 answers HEAD errors with a status and headers only
    const type = String(response.headers['content-type'] ?? '');
    if (type.includes('json')) {
      const body = JSON.parse(response.body) as Record<string, unknown>;
      return typeof body.__type === 'string' || typeof response.headers['x-amzn-errortype'] === 'string' ? undefined : 'json error without a type';
    }
    if (type.includes('xml')) return /<Code>[A-Za-z.]+<\/Code>/.test(response.body) ? undefined : 'xml error without a code';
    return `unexpected content type "${type}"`;
  }

  it(`answers ${TOTAL} random requests with well-formed AWS errors, stays up, and levels off in memory`, async () => {
    const r = prng(20261122);
    const problems: string[] = [];
    const samples: number[] = [];
    const outcomes = new Map<string, number>();
    let sent = 0;
    const worker = async () => {
      while (sent < TOTAL) {
        const n = sent++;
        const fuzz = randomRequest(r);
        let response: Awaited<ReturnType<typeof send>>;
        try {
          response = await send(fuzz);
        } catch (error) {
          response = { status: 0, headers: {}, body: `transport error: ${(error as Error).message}` };
        }
        const problem = response.status === 0 ? response.body : wellFormed(fuzz.method, response);
        const code = /"__type":"(?:[^"#]*#)?([^"]+)"|<Code>([^<]+)<\/Code>/.exec(response.body);
        const outcome = `${response.status} ${code?.[1] ?? code?.[2] ?? response.headers['x-amzn-errortype'] ?? ''}`.trim();
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (problem && problems.length < 20) problems.push(`#${n} ${fuzz.method} ${fuzz.path.slice(0, 80)} ${JSON.stringify(fuzz.headers).slice(0, 160)}: ${problem} (status ${response.status}): ${response.body.slice(0, 200)}`);
        if (n % (TOTAL / 5) === TOTAL / 5 - 1) samples.push(rss());
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    expect(problems).toEqual([]);
    expect(server.process.exitCode).toBeNull();
    expect((await fetch(`${server.endpoint}/_rampart/health`)).status).toBe(200);
    // Memory levels off: a leak of 8 KiB per request would add 64 MiB over the last 80% of 10,000 requests.
    const [first, , , , last] = samples;
    const top = [...outcomes].sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.log(`fuzz outcomes: ${top.map(([o, n]) => `${o} x${n}`).join(', ')}`);
    console.log(`fuzz RSS (MiB) every ${TOTAL / 5} requests: ${samples.map((b) => (b / 2 ** 20).toFixed(1)).join(', ')}`);
    expect(last - first).toBeLessThan(64 * 2 ** 20);
  }, 300_000);
});

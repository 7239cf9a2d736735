// Load against one server: a closed loop of identical requests at a given concurrency, from a separate
// process (bench/lib/load-worker.mjs), after a warm-up; the server's memory sampled while it runs.
import { fork } from 'node:child_process';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { rss } from './servers.mjs';

export const DURATION_SECONDS = Number(process.env.RAMPART_BENCH_SECONDS ?? 5);

/** The bytes of an HTTP/1.1 request. */
export function rawRequest({ method, path = '/', headers, body = '' }) {
  const payload = Buffer.from(body);
  const lines = [`${method} ${path} HTTP/1.1`];
  const all = { ...headers, 'content-length': String(payload.length) };
  for (const [name, value] of Object.entries(all)) lines.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), payload]);
}

/**
 * A SigV4-signed json request, signed once: the server still verifies it on every request (SigV4
 * allows a signature to be used for five minutes), so the signing cost stays out of the measurement.
 */
export async function signedJsonRequest(server, { service, target, body, region = 'us-east-1' }) {
  const url = new URL(server.url);
  const signer = new SignatureV4({ credentials: server.credentials, region, service, sha256: Sha256 });
  const payload = JSON.stringify(body);
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: payload,
  });
  return rawRequest({ method: 'POST', headers: signed.headers, body: payload });
}

export function plainRequest(server, body = '{}') {
  return rawRequest({ method: 'POST', headers: { host: new URL(server.url).host, 'content-type': 'application/json' }, body });
}

function run(server, request, connections, seconds) {
  return new Promise((resolve, reject) => {
    const worker = fork(new URL('./load-worker.mjs', import.meta.url), [
      new URL(server.url).port,
      String(connections),
      String(seconds),
      request.toString('base64'),
    ]);
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** Measures `request` (bytes) against `server` at `connections` concurrency. */
export async function measure(server, request, connections) {
  await run(server, request, connections, 1); // warm-up: JIT, caches, connections
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rss(server))), 250);
  const result = await run(server, request, connections, DURATION_SECONDS);
  clearInterval(sampler);
  if (result.failures > 0) throw new Error(`${server.name}: ${result.failures} of ${result.requests} requests failed (${JSON.stringify(result.statuses)})`);
  return {
    server: server.name,
    connections,
    rps: result.requests / result.seconds,
    p50: result.p50us / 1000,
    p99: result.p99us / 1000,
    rssLoad: peak,
  };
}

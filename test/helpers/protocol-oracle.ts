// Round-trips operations through the real AWS SDK v3 clients and Rampart's protocol layer:
//   SDK serializes input -> WireRequest -> routeRequest + parseInput   (compare with the input)
//   serializeOutput(output) -> WireResponse -> SDK deserializes          (compare with the output)
import type { AwsError } from '../../src/errors.js';
import { type ServiceModel, loadServiceModel, parseInput, routeRequest, serializeError, serializeOutput } from '../../src/protocol/index.js';
import type { WireRequest, WireResponse } from '../../src/protocol/wire.js';
import { wireClientConfig } from './sdk-wire.js';

/** The SigV4 service of a signed request, as the pipeline passes it to routeRequest. */
export function signingNameOf(req: WireRequest): string | undefined {
  const auth = req.headers.authorization ?? '';
  const m = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(auth);
  return m?.[1];
}

export interface Exchange {
  request?: WireRequest;
  routed?: { service: string; operation: string };
  parsed?: Record<string, unknown>;
  failure?: AwsError;
  response?: WireResponse;
}

export type Reply = (service: ServiceModel, operation: string, parsed: Record<string, unknown>) => { output: unknown } | { error: AwsError };

/** A client config whose requests go through Rampart's protocol layer; `exchange` records the last one. */
export function oracleConfig(reply: Reply, exchange: Exchange, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return wireClientConfig((req) => {
    exchange.request = req;
    exchange.parsed = undefined;
    exchange.failure = undefined;
    const route = routeRequest(req, { signingName: signingNameOf(req) });
    if (!route.ok) {
      exchange.failure = route.error;
      return (exchange.response = serializeError(route.service, route.error, 'req-1', req));
    }
    exchange.routed = { service: route.service.id, operation: route.operation.name };
    let parsed: Record<string, unknown>;
    try {
      parsed = parseInput(route.service, route.operation, req, route);
    } catch (error) {
      exchange.failure = error as AwsError;
      return (exchange.response = serializeError(route.service, error as AwsError, 'req-1', req));
    }
    exchange.parsed = parsed;
    const result = reply(route.service, route.operation.name, parsed);
    if ('error' in result) return (exchange.response = serializeError(route.service, result.error, 'req-1', req));
    return (exchange.response = serializeOutput(route.service, route.operation, result.output, 'req-1'));
  }, extra);
}

/** A comparable form: bytes as hex, dates as ISO, undefined members dropped, keys sorted. */
export function normalize(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex') };
  if (value instanceof Date) return { date: value.toISOString() };
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && key !== '$metadata') out[key] = normalize(v);
    }
    return out;
  }
  return value;
}

export function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export { loadServiceModel };

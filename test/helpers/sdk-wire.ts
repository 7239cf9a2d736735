// The AWS SDK for JavaScript v3 as an oracle for the protocol layer, without a network: a client whose
// requestHandler turns the SDK's HttpRequest into Rampart's WireRequest, hands it to a responder, and
// turns the WireResponse back into the SDK's HttpResponse.
import { Readable } from 'node:stream';
import type { WireRequest, WireResponse } from '../../src/protocol/wire.js';

export interface SdkHttpRequest {
  method: string;
  protocol?: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null | undefined>;
  headers: Record<string, string>;
  body?: unknown;
}

export type Responder = (req: WireRequest) => WireResponse | Promise<WireResponse>;

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** Client options that route every request of an SDK v3 client to `responder`. */
export function wireClientConfig(responder: Responder, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    region: 'us-east-1',
    endpoint: 'http://localhost:4566',
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: {
      async handle(request: SdkHttpRequest) {
        const wire = await toWireRequest(request);
        const response = await responder(wire);
        return { response: toSdkResponse(response) };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs() {
        return {};
      },
    },
    ...extra,
  };
}

// Percent-encoding as the SDK's query string builder does it (RFC 3986 unreserved set kept).
function encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export async function toWireRequest(request: SdkHttpRequest): Promise<WireRequest> {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value === undefined) continue;
    if (value === null) parts.push(encode(key));
    else if (Array.isArray(value)) for (const v of value) parts.push(`${encode(key)}=${encode(v)}`);
    else parts.push(`${encode(key)}=${encode(value)}`);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = String(v);
  headers.host ??= request.port ? `${request.hostname}:${request.port}` : request.hostname;
  return { method: request.method, path: request.path, rawQuery: parts.join('&'), headers, body: await bodyBytes(request.body) };
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof Readable || (typeof body === 'object' && Symbol.asyncIterator in (body as object))) {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  throw new Error(`unsupported SDK request body: ${Object.prototype.toString.call(body)}`);
}

export function toSdkResponse(response: WireResponse): { statusCode: number; headers: Record<string, string>; body: Readable } {
  const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  return { statusCode: response.status, headers: { ...response.headers }, body: Readable.from(body.length > 0 ? [body] : []) };
}

// The listener: node:http, and HTTPS on the same port when a certificate is configured (the first
// byte of a connection tells a TLS handshake from plain HTTP). It turns an HTTP exchange into a
// WireRequest, hands it on, and writes the WireResponse back. It knows nothing of AWS.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { WireRequest, WireResponse } from '../protocol/wire.js';

export interface ExchangeInfo {
  sourceIp: string;
  secure: boolean;
  /** Protocol and cipher of an HTTPS connection. */
  tls?: { version: string; cipherSuite: string };
}

/** What the listener hands each request to. `tooLarge` is set when the body passed the limit unread. */
export type ExchangeHandler = (request: WireRequest, info: ExchangeInfo & { tooLarge: boolean }) => Promise<WireResponse>;

export interface ListenerOptions {
  maxBodyBytes: number;
  tls?: { certFile: string; keyFile: string };
}

const TLS_HANDSHAKE = 0x16;

export class Listener {
  private readonly http: HttpServer;
  private readonly https: HttpServer | undefined;
  private readonly server: HttpServer | NetServer;
  /** Raw connections of the TLS-sniffing listener, which the http(s) servers do not close for us. */
  private readonly sockets = new Set<Socket>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private closing = false;

  constructor(
    private readonly handler: ExchangeHandler,
    private readonly options: ListenerOptions,
  ) {
    const listener = (req: IncomingMessage, res: ServerResponse) => void this.exchange(req, res);
    this.http = createHttpServer({ keepAliveTimeout: 65_000 }, listener);
    this.http.on('clientError', answerMalformedHttp);
    if (!options.tls) {
      this.https = undefined;
      this.server = this.http;
      return;
    }
    const https = createHttpsServer(
      { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile), keepAliveTimeout: 65_000 },
      listener,
    );
    https.on('clientError', answerMalformedHttp);
    this.server = createNetServer({ pauseOnConnect: true }, (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      socket.once('data', (first: Buffer) => {
        socket.pause();
        socket.unshift(first);
        (first[0] === TLS_HANDSHAKE ? https : this.http).emit('connection', socket);
        process.nextTick(() => socket.resume());
      });
      socket.on('error', () => socket.destroy());
      socket.resume();
    });
    this.https = https;
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then drops idle connections. */
  async close(graceMs: number): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.http.closeIdleConnections();
    this.https?.closeIdleConnections();
    const idle = new Promise<void>((resolve) => (this.inFlight === 0 ? resolve() : this.idleWaiters.push(resolve)));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([idle, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    this.http.closeAllConnections();
    this.https?.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async exchange(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    try {
      const { body, tooLarge } = await readBody(req, this.options.maxBodyBytes);
      const url = req.url ?? '/';
      const queryAt = url.indexOf('?');
      const request: WireRequest = {
        method: req.method ?? 'GET',
        path: queryAt < 0 ? url : url.slice(0, queryAt),
        rawQuery: queryAt < 0 ? '' : url.slice(queryAt + 1),
        headers: joinHeaders(req.rawHeaders),
        body,
      };
      const socket = req.socket as TLSSocket;
      const secure = Boolean(socket.encrypted);
      const info: ExchangeInfo & { tooLarge: boolean } = { sourceIp: normalizeIp(req.socket.remoteAddress), secure, tooLarge };
      if (secure) info.tls = { version: socket.getProtocol() ?? 'unknown', cipherSuite: socket.getCipher()?.standardName ?? 'unknown' };
      const response = await this.handler(request, info);
      const payload = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
      const headers: Record<string, string | number> = { ...response.headers, 'content-length': payload.length };
      // A body we stopped reading cannot be followed by another request on this connection.
      if (tooLarge || this.closing) headers.connection = 'close';
      res.writeHead(response.status, headers);
      res.end(req.method === 'HEAD' ? undefined : payload);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'content-length': 0, connection: 'close' });
      res.end();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }
}

/**
 * Bytes that are not a valid HTTP request never reach the pipeline; they still get an error with a
 * request id that an AWS client can parse (AWS's front ends answer them before any service does).
 */
function answerMalformedHttp(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) return void socket.destroy();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const [code, message] = tooLarge
    ? ['RequestHeaderSectionTooLarge', 'Your request header section exceeds the maximum allowed size.']
    : ['BadRequest', 'The request is not valid HTTP/1.1.'];
  const requestId = randomUUID();
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
    `<RequestId>${requestId}</RequestId></Error>`;
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/xml\r\nx-amzn-requestid: ${requestId}\r\nx-amz-request-id: ${requestId}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Reads the body up to `limit` bytes; past the limit it stops collecting and reports `tooLarge`. */
function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume(); // discard; the connection is closed after the answer
    return Promise.resolve({ body: Buffer.alloc(0), tooLarge: true });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: tooLarge ? Buffer.alloc(0) : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });
}

/** Lower-cased header names; a repeated header's values joined with ',' (as SigV4 canonicalizes them). */
function joinHeaders(raw: string[]): Record<string, string> {
  // No prototype: a client-chosen header name such as "__proto__" is just a name.
  const headers: Record<string, string> = Object.create(null);
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    headers[name] = name in headers ? `${headers[name]},${raw[i + 1]}` : raw[i + 1];
  }
  return headers;
}

function normalizeIp(address: string | undefined): string {
  if (!address) return '0.0.0.0';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

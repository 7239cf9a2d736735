// The HTTP request and response as the protocol layer sees them: bytes in, bytes out, no sockets.

export interface WireRequest {
  method: string;
  /** The path as received, still percent-encoded, without the query string. */
  path: string;
  /** The query string as received, without the leading '?'. */
  rawQuery: string;
  /** Header names in lower case; repeated headers joined with ','. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

// LookupEvents' NextToken: where the last page stopped, and a hash of the query it belongs to, sealed by
// the keyring for the caller's account and region. It is opaque, a token changed by one bit does not
// open, and a token used with other parameters (or in another account or region) is refused.
import { createHash } from 'node:crypto';
import type { Keyring } from '../../crypto/keyring.js';
import { SealedValueError } from '../../crypto/keyring.js';
import { invalidNextToken } from './errors.js';

interface TokenBody {
  v: 1;
  /** The history key the next page continues below (pages go newest first). */
  pos: string;
  /** Hash of the query's parameters. */
  q: string;
}

const aad = (accountId: string, region: string) => `cloudtrail/lookup-events/next-token/${accountId}/${region}`;

export const queryHash = (parameters: unknown): string => createHash('sha256').update(JSON.stringify(parameters)).digest('base64url');

export function issueToken(keyring: Keyring, accountId: string, region: string, position: string, query: string): string {
  const body: TokenBody = { v: 1, pos: position, q: query };
  return keyring.sealString(JSON.stringify(body), aad(accountId, region));
}

/** The position a token continues from; InvalidNextTokenException unless it is this query's. */
export function openToken(keyring: Keyring, accountId: string, region: string, token: string, query: string): string {
  let body: TokenBody;
  try {
    body = JSON.parse(keyring.openString(token, aad(accountId, region))) as TokenBody;
  } catch (error) {
    if (error instanceof SealedValueError || error instanceof SyntaxError) throw invalidNextToken();
    throw error;
  }
  if (body.v !== 1 || typeof body.pos !== 'string' || body.q !== query) throw invalidNextToken();
  return body.pos;
}

// Encoded authorization messages (sts:DecodeAuthorizationMessage). A denial can carry the details of
// its decision, encoded so only the account it happened in can read them: the JSON AWS decodes to,
// sealed by the keyring and bound to the account, so another account's message does not open.
import type { Keyring } from '../../crypto/keyring.js';
import { SealedValueError } from '../../crypto/keyring.js';

/** AWS's decoded shape: the decision, the matched statements, and the request's context. */
export interface AuthorizationDetails {
  allowed: boolean;
  explicitDeny: boolean;
  matchedStatements: { items: { statementId: string; effect: 'Allow' | 'Deny'; policyId: string }[] };
  failures: { items: unknown[] };
  context: {
    principal: { id: string; arn: string };
    action: string;
    resource: string;
    conditions: { items: { key: string; values: { items: { value: string }[] } }[] };
  };
}

const aad = (accountId: string) => `sts/authorization-message/${accountId}`;

export function encodeAuthorizationMessage(keyring: Keyring, accountId: string, details: AuthorizationDetails): string {
  return keyring.sealString(JSON.stringify(details), aad(accountId));
}

/** The decoded JSON text, or undefined when the message is not one of this account's. */
export function decodeAuthorizationMessage(keyring: Keyring, accountId: string, encoded: string): string | undefined {
  try {
    return keyring.openString(encoded, aad(accountId));
  } catch (error) {
    if (error instanceof SealedValueError) return undefined;
    throw error;
  }
}

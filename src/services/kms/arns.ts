// KMS identifiers: key ids (UUIDs, and "mrk-" ids for multi-Region keys), key and alias ARNs, and the
// way a request names a key (key id, key ARN, alias name, alias ARN).
import { randomBytes, randomUUID } from 'node:crypto';

const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

export const isKeyId = (value: string): boolean => KEY_ID.test(value);
export const isMultiRegionKeyId = (keyId: string): boolean => keyId.startsWith('mrk-');

export function newKeyId(multiRegion: boolean): string {
  return multiRegion ? `mrk-${randomBytes(16).toString('hex')}` : randomUUID();
}

export interface KeyPlace {
  partition: string;
  accountId: string;
  region: string;
}

export const keyArn = (place: KeyPlace, keyId: string): string =>
  `arn:${place.partition}:kms:${place.region}:${place.accountId}:key/${keyId}`;

export const aliasArn = (place: KeyPlace, aliasName: string): string =>
  `arn:${place.partition}:kms:${place.region}:${place.accountId}:${aliasName}`;

/** How a request named a key. */
export type KeyReference =
  | { kind: 'key-id'; keyId: string }
  | { kind: 'key-arn'; keyId: string; place: KeyPlace }
  | { kind: 'alias-name'; aliasName: string }
  | { kind: 'alias-arn'; aliasName: string; place: KeyPlace }
  /** Not a key id nor an ARN of either kind: AWS answers "Invalid keyId". */
  | { kind: 'invalid'; value: string };

const ARN = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}):(key\/.+|alias\/.+)$/;

export function parseKeyReference(value: string): KeyReference {
  if (value.startsWith('alias/')) return { kind: 'alias-name', aliasName: value };
  if (value.startsWith('arn:')) {
    const match = ARN.exec(value);
    if (!match) return { kind: 'invalid', value };
    const place = { partition: match[1], region: match[2], accountId: match[3] };
    const resource = match[4];
    if (resource.startsWith('alias/')) return { kind: 'alias-arn', aliasName: resource, place };
    return { kind: 'key-arn', keyId: resource.slice('key/'.length), place };
  }
  return { kind: 'key-id', keyId: value };
}

/** A principal ARN as CreateGrant and key policies accept it (accounts, users, roles, sessions, federated users). */
const PRINCIPAL_ARN = /^arn:[a-z-]+:(?:iam::\d{12}:(?:root|user\/.+|role\/.+|federated-user\/.+)|sts::\d{12}:(?:assumed-role\/.+\/.+|federated-user\/.+))$/;
const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com(?:\.cn)?$/;

export const isPrincipalArn = (value: string): boolean => PRINCIPAL_ARN.test(value);
export const isServicePrincipal = (value: string): boolean => SERVICE_PRINCIPAL.test(value);

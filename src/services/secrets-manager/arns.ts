// Secret identifiers: ARNs carry the name and a random six-character suffix
// (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf), so a secret deleted and created
// again under the same name gets a new ARN. A SecretId is a name, a full ARN, or a partial ARN (the
// ARN without the suffix), resolved as AWS resolves them (see records.ts).
import { randomInt } from 'node:crypto';

export interface SecretPlace {
  partition: string;
  accountId: string;
  region: string;
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomSuffix(): string {
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return suffix;
}

export const secretArn = (place: SecretPlace, name: string, suffix: string): string =>
  `arn:${place.partition}:secretsmanager:${place.region}:${place.accountId}:secret:${name}-${suffix}`;

/** The ARN a request names a secret by before it is found (the authorization target of a missing secret). */
export const partialArn = (place: SecretPlace, name: string): string =>
  `arn:${place.partition}:secretsmanager:${place.region}:${place.accountId}:secret:${name}`;

const ARN = /^arn:([a-z-]+):secretsmanager:([a-z0-9-]+):(\d{12}):secret:(.+)$/;

export type SecretReference =
  | { kind: 'name'; name: string }
  /** An ARN: `resource` is what follows "secret:", the name with or without the suffix. */
  | { kind: 'arn'; place: SecretPlace; resource: string; arn: string };

export function parseSecretId(value: string): SecretReference {
  const match = ARN.exec(value);
  if (!match) return { kind: 'name', name: value };
  return { kind: 'arn', place: { partition: match[1], region: match[2], accountId: match[3] }, resource: match[4], arn: value };
}

/** Characters AWS allows in secret names. */
export const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]+$/;

export const placeOfArn = (arn: string): SecretPlace | undefined => {
  const reference = parseSecretId(arn);
  return reference.kind === 'arn' ? reference.place : undefined;
};

/** arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>] */
const LAMBDA_ARN = /^arn:([a-z-]+):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/;

export interface LambdaArn {
  partition: string;
  region: string;
  accountId: string;
  functionName: string;
  qualifier?: string;
}

export function parseLambdaArn(value: string): LambdaArn | undefined {
  const match = LAMBDA_ARN.exec(value);
  if (!match) return undefined;
  return { partition: match[1], region: match[2], accountId: match[3], functionName: match[4], ...(match[5] ? { qualifier: match[5] } : {}) };
}

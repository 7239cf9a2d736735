// Finding the key a request names, where AWS accepts each form: key id and key ARN everywhere, alias
// name and alias ARN only for the operations that take them, another account's key only (by ARN) for
// the operations that may be used across accounts. An unknown key or alias is NotFoundException with
// AWS's message, raised while authorizing (AWS checks existence as it authorizes).
import { AwsError } from '../../errors.js';
import type { JsonValue, Transaction } from '../../storage/types.js';
import { aliasArn, isKeyId, keyArn, parseKeyReference, type KeyPlace } from './arns.js';
import type { KmsDeps } from './deps.js';
import { aliasStorageKey, loadKeyAt, type AliasRecord, type LoadedKey } from './key-record.js';
import { ensureAwsManagedKey, isPredefinedAlias } from './managed-keys.js';

export interface KeyIdRules {
  /** The operation accepts alias names and alias ARNs. */
  aliases: boolean;
  /** The operation accepts another account's key (by key ARN or alias ARN). */
  crossAccount: boolean;
  /** DescribeKey: a predefined alias/aws/<service> with no key yet creates the AWS managed key. */
  createsManagedKey?: boolean;
}

export const CRYPTO_RULES: KeyIdRules = { aliases: true, crossAccount: true };
export const MANAGEMENT_RULES: KeyIdRules = { aliases: false, crossAccount: false };
export const CROSS_ACCOUNT_RULES: KeyIdRules = { aliases: false, crossAccount: true };

export interface ResolvedKey {
  loaded: LoadedKey;
  /** The alias name the request used, for kms:RequestAlias. */
  requestAlias?: string;
}

const invalidKeyId = (value: string) => new AwsError('NotFoundException', `Invalid keyId '${value}'`);
const keyNotFound = (arn: string) => new AwsError('NotFoundException', `Key '${arn}' does not exist`);
const aliasNotFound = (arn: string) => new AwsError('NotFoundException', `Alias ${arn} is not found.`);

function placeFor(caller: KeyPlace, target: KeyPlace, rules: KeyIdRules, value: string): KeyPlace {
  if (target.region !== caller.region || target.partition !== caller.partition) {
    throw new AwsError('NotFoundException', `Invalid arn ${target.region}`);
  }
  if (target.accountId !== caller.accountId && !rules.crossAccount) {
    throw new AwsError('NotFoundException', `${value} is not a key in your account.`);
  }
  return target;
}

export async function resolveKey(
  tx: Transaction,
  deps: Pick<KmsDeps, 'keyring' | 'scheduler'>,
  caller: KeyPlace & { now: number },
  value: string,
  rules: KeyIdRules,
): Promise<ResolvedKey> {
  const reference = parseKeyReference(value);
  switch (reference.kind) {
    case 'invalid':
      if (value.startsWith('arn:')) throw new AwsError('InvalidArnException', `Invalid arn ${value}`);
      throw invalidKeyId(value);
    case 'key-id':
    case 'key-arn': {
      const place = reference.kind === 'key-arn' ? placeFor(caller, reference.place, rules, value) : caller;
      if (!isKeyId(reference.keyId)) throw invalidKeyId(reference.keyId);
      const loaded = await loadKeyAt(tx, place, reference.keyId);
      if (!loaded) throw keyNotFound(keyArn(place, reference.keyId));
      return { loaded };
    }
    case 'alias-name':
    case 'alias-arn': {
      if (!rules.aliases) throw invalidKeyId(value);
      const place = reference.kind === 'alias-arn' ? placeFor(caller, reference.place, rules, value) : caller;
      if (reference.aliasName.length <= 'alias/'.length) throw aliasNotFound(aliasArn(place, reference.aliasName));
      const alias = await tx.get<JsonValue>(aliasStorageKey(place, reference.aliasName));
      if (!alias) {
        if (rules.createsManagedKey && place.accountId === caller.accountId && isPredefinedAlias(reference.aliasName)) {
          const service = reference.aliasName.slice('alias/aws/'.length);
          return { loaded: await ensureAwsManagedKey(tx, deps, { ...place, now: caller.now }, service), requestAlias: reference.aliasName };
        }
        throw aliasNotFound(aliasArn(place, reference.aliasName));
      }
      const target = (alias.value as unknown as AliasRecord).targetKeyId;
      const loaded = await loadKeyAt(tx, place, target);
      if (!loaded) throw keyNotFound(keyArn(place, target));
      return { loaded, requestAlias: reference.aliasName };
    }
  }
}

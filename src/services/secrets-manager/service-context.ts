// Secrets Manager acting for itself (scheduled rotation, replication, deletion): an authorization
// context naming the secret's account, so the KMS internal API can load keys and take quota. Checks
// built with it are never judged by the evaluator: they stand for work AWS does as the service.
import { rootArn } from '../../identity/principal.js';
import type { Principal } from '../../identity/principal.js';
import type { Transaction } from '../../storage/types.js';
import type { AuthorizationContext } from '../authorization.js';
import type { SecretPlace } from './arns.js';

export function serviceContext(tx: Transaction, place: SecretPlace, now: number): AuthorizationContext {
  const principal: Principal = {
    type: 'Root',
    accountId: place.accountId,
    partition: place.partition,
    arn: rootArn(place.partition, place.accountId),
    principalId: place.accountId,
    accessKeyId: 'secretsmanager.amazonaws.com',
    temporary: false,
    unverified: false,
  };
  return { tx, principal, accountId: place.accountId, region: place.region, partition: place.partition, now, requestId: 'secretsmanager' };
}

// Which key states each operation accepts, and AWS's error for the others, as the KMS Developer
// Guide's "Key states of AWS KMS keys" table gives them:
//   Disabled         DisabledException         "<key ARN> is disabled."
//   PendingDeletion  KMSInvalidStateException  "<key ARN> is pending deletion."
//   PendingImport    KMSInvalidStateException  "<key ARN> is pending import."
//   CancelKeyDeletion on a key not pending deletion: KMSInvalidStateException "<key ARN> is not pending deletion."
import { AwsError } from '../../errors.js';
import type { KeyRecord } from './key-record.js';

export type StateRule =
  /** Cryptographic use: only Enabled keys. */
  | 'usable'
  /** Reads and grant/policy management: every state. */
  | 'any'
  /** Management that a key about to be deleted refuses. */
  | 'not-pending-deletion'
  /** EnableKey, DisableKey: Enabled or Disabled. */
  | 'enabled-or-disabled'
  /** Rotation settings: Enabled only, a disabled key answers DisabledException. */
  | 'enabled'
  | 'pending-deletion';

const pendingDeletion = (key: KeyRecord) =>
  key.state === 'PendingReplicaDeletion'
    ? new AwsError('KMSInvalidStateException', `${key.arn} is pending replica deletion.`)
    : new AwsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);

export function assertKeyState(key: KeyRecord, rule: StateRule): void {
  const state = key.state;
  switch (rule) {
    case 'any':
      return;
    case 'pending-deletion':
      if (state !== 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${key.arn} is not pending deletion.`);
      return;
    case 'not-pending-deletion':
      if (state === 'PendingDeletion' || state === 'PendingReplicaDeletion') throw pendingDeletion(key);
      return;
    case 'enabled-or-disabled':
    case 'enabled':
    case 'usable':
      if (state === 'Enabled') return;
      if (state === 'Disabled') {
        if (rule === 'enabled-or-disabled') return;
        throw new AwsError('DisabledException', `${key.arn} is disabled.`);
      }
      if (state === 'PendingImport') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending import.`);
      throw pendingDeletion(key);
  }
}

export const wrongUsage = (key: KeyRecord, operation: string) =>
  new AwsError('InvalidKeyUsageException', `${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`);

export const wrongOrigin = (key: KeyRecord) =>
  new AwsError('UnsupportedOperationException', `${key.arn} origin is ${key.origin} which is not valid for this operation.`);

// What KMS handlers, authorization entries and jobs share: the keyring that seals material, the
// scheduler for deletion, rotation and expiry, the opened-material cache and the request quotas.
import type { Clock } from '../../clock.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { EvaluationRequest, EvaluationResult } from '../../iam/types.js';
import type { Logger } from '../../logging.js';
import type { Scheduler } from '../../scheduler/scheduler.js';
import type { MaterialCache } from './material.js';
import type { RequestQuotas } from './quotas.js';

export interface KmsDeps {
  keyring: Keyring;
  scheduler: Scheduler;
  clock: Clock;
  logger: Logger;
  materials: MaterialCache;
  quotas: RequestQuotas;
  /** The IAM evaluator, for the key policy lockout safety check; without it a built-in check runs. */
  evaluate?: (request: EvaluationRequest) => EvaluationResult;
}

/** Job types KMS registers with the scheduler. */
export const JOB_DELETE_KEY = 'kms:delete-key';
export const JOB_ROTATE_KEY = 'kms:rotate-key';
export const JOB_EXPIRE_MATERIAL = 'kms:expire-key-material';

export const deleteKeyJobId = (arn: string) => `kms/delete-key/${arn}`;
export const rotateKeyJobId = (arn: string) => `kms/rotate-key/${arn}`;
export const expireMaterialJobId = (arn: string, materialId: string) => `kms/expire-key-material/${arn}/${materialId}`;

export const DAY_MS = 86_400_000;

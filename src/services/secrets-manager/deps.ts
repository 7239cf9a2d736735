// What Secrets Manager's handlers, authorization entries and jobs share.
import type { Clock } from '../../clock.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { Logger } from '../../logging.js';
import type { Scheduler } from '../../scheduler/scheduler.js';
import type { Store } from '../../storage/types.js';
import type { KmsInternalApi } from '../kms/internal.js';
import type { Fingerprints } from './encryption.js';
import type { RotationFunctions } from './rotation/functions.js';

export interface SmDeps {
  store: Store;
  keyring: Keyring;
  clock: Clock;
  scheduler: Scheduler;
  logger: Logger;
  kms: KmsInternalApi;
  fingerprints: Fingerprints;
  rotationFunctions: RotationFunctions;
  /**
   * Decides checks a handler must judge one by one (BatchGetSecretValue's per-secret errors, the
   * optional re-encryption of old versions on a key change), with the same evaluator as the pipeline.
   */
}

export const JOB_ROTATE = 'secretsmanager:rotate';
export const JOB_DELETE = 'secretsmanager:delete-secret';
export const rotateJobId = (arn: string) => `secretsmanager/rotate/${arn}`;
export const deleteJobId = (arn: string) => `secretsmanager/delete/${arn}`;

/** kms:ViaService's service name for Secrets Manager. */
export const VIA = { service: 'secretsmanager' } as const;
export const MANAGED_KEY_ALIAS = 'alias/aws/secretsmanager';

// Every service Rampart serves, by service id. Adding a service means adding its folder and a line here.
import type { Clock } from '../clock.js';
import type { Keyring } from '../crypto/keyring.js';
import type { Logger } from '../logging.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { Store } from '../storage/types.js';
import { evaluate } from '../iam/index.js';
import { createCloudTrailService } from './cloudtrail/index.js';
import { createIamService } from './iam/index.js';
import { createKms } from './kms/index.js';
import type { QuotaSettings } from './kms/quotas.js';
import type { RotationFunctions } from './secrets-manager/rotation/functions.js';
import { createSecretsManager } from './secrets-manager/index.js';
import { createOrganizationsService } from './organizations/index.js';
import { createSsm } from './ssm/index.js';
import { createStsService } from './sts/index.js';
import type { ServiceDefinition } from './types.js';

export interface ServiceDeps {
  store: Store;
  keyring: Keyring;
  clock: Clock;
  scheduler: Scheduler;
  logger: Logger;
  /** Where CloudTrail trails deliver their files (RAMPART_CLOUDTRAIL_DIR). */
  cloudTrailDir: string;
  /** KMS request quotas, and the processes that share them. */
  kmsQuotas?: QuotaSettings;
  workers?: number;
  /** Secrets Manager rotation functions by Lambda ARN. */
  rotationFunctions?: RotationFunctions;
}

export function createServices(deps: ServiceDeps): ReadonlyMap<string, ServiceDefinition> {
  // KMS is built once: other services encrypt through its internal API, sharing its caches and quotas.
  const kms = createKms(deps, { evaluate, quotas: deps.kmsQuotas, workers: deps.workers });
  // Secrets Manager before SSM: SSM reads /aws/reference/secretsmanager/ parameters through its internal API.
  const secretsManager = createSecretsManager(deps, { kms: kms.internal });
  const services = [
    kms.service,
    createIamService({ keyring: deps.keyring, evaluate }),
    createStsService({ keyring: deps.keyring, scheduler: deps.scheduler }),
    createCloudTrailService(deps),
    secretsManager.service,
    createOrganizationsService({ scheduler: deps.scheduler, logger: deps.logger }),
    createSsm(deps, { kms: kms.internal, secretsManager: secretsManager.internal }).service,
  ];
  return new Map(services.map((service) => [service.id, service]));
}

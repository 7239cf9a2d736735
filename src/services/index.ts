// Every service Rampart serves, by service id. Adding a service means adding its folder and a line here.
import type { Clock } from '../clock.js';
import type { Keyring } from '../crypto/keyring.js';
import type { Logger } from '../logging.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { Store } from '../storage/types.js';
import { evaluate } from '../iam/index.js';
import { createIamService } from './iam/index.js';
import { createKmsService } from './kms/index.js';
import { createStsService } from './sts/index.js';
import type { ServiceDefinition } from './types.js';

export interface ServiceDeps {
  store: Store;
  keyring: Keyring;
  clock: Clock;
  scheduler: Scheduler;
  logger: Logger;
}

export function createServices(deps: ServiceDeps): ReadonlyMap<string, ServiceDefinition> {
  const services = [
    createKmsService(),
    createIamService({ keyring: deps.keyring, evaluate }),
    createStsService({ keyring: deps.keyring, scheduler: deps.scheduler }),
  ];
  return new Map(services.map((service) => [service.id, service]));
}

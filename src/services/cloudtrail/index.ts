// AWS CloudTrail (json protocol): the event history (LookupEvents), trails that deliver log files with
// signed digests to a destination directory, and the public keys that validate them.
import type { Keyring } from '../../crypto/keyring.js';
import type { Logger } from '../../logging.js';
import type { Scheduler } from '../../scheduler/scheduler.js';
import { defineService } from '../types.js';
import { cloudTrailAuthorization } from './authorization.js';
import { CreateTrail } from './create-trail.js';
import { DELIVERY_JOB, deliveryJob } from './delivery-job.js';
import { DescribeTrails, GetTrail, ListTrails } from './describe-trails.js';
import { GetEventSelectors, PutEventSelectors } from './event-selectors.js';
import { GetTrailStatus, StartLogging, StopLogging } from './logging.js';
import { LookupEvents } from './lookup-events.js';
import { ListPublicKeys } from './public-keys.js';
import { AddTags, ListTags, RemoveTags } from './tags.js';
import { DeleteTrail, UpdateTrail } from './update-trail.js';

export interface CloudTrailDeps {
  keyring: Keyring;
  scheduler: Scheduler;
  logger: Logger;
  /** Where trails deliver their files (RAMPART_CLOUDTRAIL_DIR). */
  cloudTrailDir: string;
}

/** Does no work when created: the dependencies are used when requests and jobs run. */
export function createCloudTrailService(deps: CloudTrailDeps) {
  return defineService({
    id: 'cloudtrail',
    handlers: {
      LookupEvents: (input, ctx) => LookupEvents(input, ctx, deps.keyring),
      CreateTrail,
      GetTrail,
      DescribeTrails,
      ListTrails,
      UpdateTrail,
      DeleteTrail: (input, ctx) => DeleteTrail(input, ctx, deps.scheduler),
      StartLogging: (input, ctx) => StartLogging(input, ctx, deps.scheduler),
      StopLogging,
      GetTrailStatus,
      PutEventSelectors,
      GetEventSelectors,
      AddTags,
      RemoveTags,
      ListTags,
      ListPublicKeys,
    },
    authorization: cloudTrailAuthorization,
    jobs: { [DELIVERY_JOB]: deliveryJob(deps) },
  });
}

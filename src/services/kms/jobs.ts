// The scheduler jobs KMS runs: deleting keys when their waiting period ends, rotating keys when due,
// and deleting imported material at its ValidTo.
import type { JobHandler } from '../../scheduler/scheduler.js';
import { JOB_DELETE_KEY, JOB_EXPIRE_MATERIAL, JOB_ROTATE_KEY, type KmsDeps } from './deps.js';
import { expireMaterialJob } from './key-import.js';
import { deleteKeyJob } from './key-deletion.js';
import { rotateKeyJob } from './rotation.js';

export function kmsJobs(deps: KmsDeps): Record<string, JobHandler> {
  return {
    [JOB_DELETE_KEY]: deleteKeyJob(deps),
    [JOB_ROTATE_KEY]: rotateKeyJob(deps),
    [JOB_EXPIRE_MATERIAL]: expireMaterialJob(deps),
  };
}

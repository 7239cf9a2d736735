// AWS Secrets Manager (json protocol). Handlers are keyed by the exact AWS operation name; the domain
// is in records.ts (secrets, versions, storage), versions.ts (staging labels and pruning),
// encryption.ts (envelope encryption through Rampart KMS), replication.ts, schedule.ts and cron.ts
// (rotation windows) and rotation/ (the engine, the built-in database rotators, HTTP and command
// rotation functions); authorization.ts says what each operation must be allowed; internal.ts is the
// API other services (SSM) read secrets through.
import type { ServiceDeps } from '../index.js';
import type { KmsInternalApi } from '../kms/internal.js';
import type { HandlerContext, ServiceDefinition } from '../types.js';
import { defineService } from '../types.js';
import { secretsManagerAuthorization } from './authorization.js';
import { CreateSecret } from './create-secret.js';
import { DeleteSecret, deleteSecretJob, RestoreSecret } from './delete-secret.js';
import { JOB_DELETE, JOB_ROTATE, type SmDeps } from './deps.js';
import { DescribeSecret } from './describe-secret.js';
import { Fingerprints } from './encryption.js';
import { BatchGetSecretValue, GetSecretValue } from './get-secret-value.js';
import { createSecretsManagerInternalApi, type SecretsManagerInternalApi } from './internal.js';
import { ListSecrets } from './list-secrets.js';
import { PutSecretValue } from './put-secret-value.js';
import { randomPassword } from './random-password.js';
import { RemoveRegionsFromReplication, ReplicateSecretToRegions, StopReplicationToReplica } from './replication-operations.js';
import { DeleteResourcePolicy, GetResourcePolicy, PutResourcePolicy, ValidateResourcePolicy } from './resource-policy.js';
import { CancelRotateSecret, RotateSecret } from './rotate-secret.js';
import { rotateJob } from './rotation/engine.js';
import { parseRotationFunctions, type RotationFunctions } from './rotation/functions.js';
import { TagResource, UntagResource } from './tag-operations.js';
import { UpdateSecret } from './update-secret.js';
import { ListSecretVersionIds, UpdateSecretVersionStage } from './version-operations.js';

export type { SecretsManagerInternalApi } from './internal.js';
export { parseRotationFunctions, type RotationFunctions } from './rotation/functions.js';

export interface SecretsManagerOptions {
  /** The KMS internal API values are encrypted through (kms.internal, built once in services/index.ts). */
  kms: KmsInternalApi;
  /** Rotation functions (RAMPART_ROTATION_FUNCTIONS, read by src/config.ts); default: the built-in rotators only. */
  rotationFunctions?: RotationFunctions;
}

/** Does no work when created: the dependencies are used when requests and jobs run. */
export function createSecretsManager(
  deps: Pick<ServiceDeps, 'store' | 'keyring' | 'clock' | 'scheduler' | 'logger'> & { rotationFunctions?: RotationFunctions },
  options: SecretsManagerOptions,
): { service: ServiceDefinition; internal: SecretsManagerInternalApi } {
  const sm: SmDeps = {
    store: deps.store,
    keyring: deps.keyring,
    clock: deps.clock,
    scheduler: deps.scheduler,
    logger: deps.logger,
    kms: options.kms,
    fingerprints: new Fingerprints(deps.keyring),
    rotationFunctions: options.rotationFunctions ?? deps.rotationFunctions ?? parseRotationFunctions(undefined),
  };
  const withDeps =
    <I, O>(handler: (input: I, ctx: HandlerContext, deps: SmDeps) => O) =>
    (input: I, ctx: HandlerContext) =>
      handler(input, ctx, sm);

  const service = defineService({
    id: 'secrets-manager',
    internalError: 'InternalServiceError',
    handlers: {
      CreateSecret: withDeps(CreateSecret),
      GetSecretValue: withDeps(GetSecretValue),
      BatchGetSecretValue: withDeps(BatchGetSecretValue),
      PutSecretValue: withDeps(PutSecretValue),
      UpdateSecret: withDeps(UpdateSecret),
      DescribeSecret,
      ListSecrets,
      ListSecretVersionIds,
      UpdateSecretVersionStage: withDeps(UpdateSecretVersionStage),
      TagResource: withDeps(TagResource),
      UntagResource: withDeps(UntagResource),
      GetRandomPassword: (input) => ({ RandomPassword: randomPassword(input) }),
      DeleteSecret: withDeps(DeleteSecret),
      RestoreSecret: withDeps(RestoreSecret),
      PutResourcePolicy: withDeps(PutResourcePolicy),
      GetResourcePolicy,
      DeleteResourcePolicy: withDeps(DeleteResourcePolicy),
      ValidateResourcePolicy,
      RotateSecret: withDeps(RotateSecret),
      CancelRotateSecret: withDeps(CancelRotateSecret),
      ReplicateSecretToRegions: withDeps(ReplicateSecretToRegions),
      RemoveRegionsFromReplication,
      StopReplicationToReplica,
    },
    authorization: secretsManagerAuthorization(sm),
    jobs: { [JOB_ROTATE]: rotateJob(sm), [JOB_DELETE]: deleteSecretJob() },
  });
  return { service, internal: createSecretsManagerInternalApi(sm) };
}

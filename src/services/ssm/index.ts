// AWS Systems Manager Parameter Store (json protocol, service id "ssm"). Handlers are keyed by the
// exact AWS operation name; the domain is in names.ts (names, ARNs, selectors, storage keys),
// records.ts (parameters and versions), tiers.ts, policies.ts and policy-jobs.ts, labels.ts, tags.ts,
// filters.ts, secure-string.ts (encryption through KMS), public-parameters.ts, secrets-reference.ts and
// service-settings.ts; authorization.ts says what each operation must be allowed.
import type { ServiceDeps } from '../index.js';
import type { KmsInternalApi } from '../kms/internal.js';
import type { ServiceDefinition } from '../types.js';
import { defineService } from '../types.js';
import { ssmAuthorization } from './authorization.js';
import { deleteParameter, deleteParameters } from './delete-parameter.js';
import { ConcurrentUpdates, JOB_PARAMETER_POLICIES, RequestPlans, type SsmDeps } from './deps.js';
import { DescribeParameters } from './describe-parameters.js';
import { getParameterHistory } from './get-parameter-history.js';
import { getParameter, getParameters } from './get-parameter.js';
import { getParametersByPath } from './get-parameters-by-path.js';
import { labelParameterVersion, unlabelParameterVersion } from './label-parameter-version.js';
import { parameterPoliciesJob } from './policy-jobs.js';
import { putParameter } from './put-parameter.js';
import type { SecretsManagerReferenceApi } from './secrets-reference.js';
import { GetServiceSetting, ResetServiceSetting, UpdateServiceSetting } from './service-setting-operations.js';
import { addTagsToResource, listTagsForResource, removeTagsFromResource } from './tag-operations.js';

export type { SecretsManagerReferenceApi } from './secrets-reference.js';

export interface SsmOptions {
  /** KMS's internal API: SecureStrings are encrypted through it. */
  kms: KmsInternalApi;
  /** Secrets Manager's internal API, for /aws/reference/secretsmanager/ names. */
  secretsManager?: SecretsManagerReferenceApi;
  /** Parameters per tier per account and Region; default AWS's 10,000 Standard and 100,000 Advanced. */
  limits?: { Standard: number; Advanced: number };
}

export function createSsm(deps: Pick<ServiceDeps, 'scheduler' | 'logger'>, options: SsmOptions): { service: ServiceDefinition } {
  const ssm: SsmDeps = {
    kms: options.kms,
    scheduler: deps.scheduler,
    logger: deps.logger,
    updates: new ConcurrentUpdates(),
    plans: new RequestPlans(),
  };
  if (options.secretsManager) ssm.secretsManager = options.secretsManager;
  if (options.limits) ssm.limits = options.limits;

  const service = defineService({
    id: 'ssm',
    internalError: 'InternalServerError',
    handlers: {
      PutParameter: putParameter(ssm),
      GetParameter: getParameter(ssm),
      GetParameters: getParameters(ssm),
      GetParametersByPath: getParametersByPath(ssm),
      DescribeParameters,
      GetParameterHistory: getParameterHistory(ssm),
      DeleteParameter: deleteParameter(ssm),
      DeleteParameters: deleteParameters(ssm),
      LabelParameterVersion: labelParameterVersion(ssm),
      UnlabelParameterVersion: unlabelParameterVersion(ssm),
      AddTagsToResource: addTagsToResource(ssm),
      RemoveTagsFromResource: removeTagsFromResource(ssm),
      ListTagsForResource: listTagsForResource(ssm),
      GetServiceSetting,
      UpdateServiceSetting,
      ResetServiceSetting,
    },
    authorization: ssmAuthorization(ssm),
    jobs: { [JOB_PARAMETER_POLICIES]: parameterPoliciesJob(ssm) },
  });
  return { service };
}

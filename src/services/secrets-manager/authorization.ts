// What each Secrets Manager operation must be authorized for (Service Authorization Reference,
// "Actions, resources, and condition keys for AWS Secrets Manager"): the secretsmanager:* action on
// the secret's ARN, judged with the secret's resource policy (cross-account included), its tags and
// condition keys; plus, for operations that encrypt or decrypt values, the KMS checks via Secrets
// Manager. Entries resolve the secret but never fail on its state: the handler answers state errors
// (not found, marked for deletion, replica) after the caller is known to be allowed.
import type { AuthorizationTable } from '../authorization.js';
import { starCheck } from './conditions.js';
import { authorizeCreateSecret } from './create-secret.js';
import { authorizeDeleteSecret, authorizeRestoreSecret } from './delete-secret.js';
import type { SmDeps } from './deps.js';
import { authorizeDescribeSecret } from './describe-secret.js';
import { authorizeBatchGetSecretValue, authorizeGetSecretValue } from './get-secret-value.js';
import { authorizeListSecrets } from './list-secrets.js';
import { authorizePutSecretValue } from './put-secret-value.js';
import {
  authorizeRemoveRegionsFromReplication,
  authorizeReplicateSecretToRegions,
  authorizeStopReplicationToReplica,
} from './replication-operations.js';
import {
  authorizeDeleteResourcePolicy,
  authorizeGetResourcePolicy,
  authorizePutResourcePolicy,
  authorizeValidateResourcePolicy,
} from './resource-policy.js';
import { authorizeCancelRotateSecret, authorizeRotateSecret } from './rotate-secret.js';
import { authorizeTagResource, authorizeUntagResource } from './tag-operations.js';
import { authorizeUpdateSecret } from './update-secret.js';
import { authorizeListSecretVersionIds, authorizeUpdateSecretVersionStage } from './version-operations.js';

export function secretsManagerAuthorization(deps: SmDeps): AuthorizationTable<'secrets-manager'> {
  return {
    CreateSecret: (input, ctx) => authorizeCreateSecret(deps, input, ctx),
    GetSecretValue: (input, ctx) => authorizeGetSecretValue(deps, input, ctx),
    BatchGetSecretValue: (input, ctx) => authorizeBatchGetSecretValue(deps, input, ctx),
    PutSecretValue: (input, ctx) => authorizePutSecretValue(deps, input, ctx),
    UpdateSecret: (input, ctx) => authorizeUpdateSecret(deps, input, ctx),
    DescribeSecret: authorizeDescribeSecret,
    ListSecrets: authorizeListSecrets,
    ListSecretVersionIds: authorizeListSecretVersionIds,
    UpdateSecretVersionStage: authorizeUpdateSecretVersionStage,
    TagResource: authorizeTagResource,
    UntagResource: authorizeUntagResource,
    GetRandomPassword: (_input, ctx) => [starCheck('secretsmanager:GetRandomPassword', ctx)],
    DeleteSecret: authorizeDeleteSecret,
    RestoreSecret: authorizeRestoreSecret,
    PutResourcePolicy: authorizePutResourcePolicy,
    GetResourcePolicy: authorizeGetResourcePolicy,
    DeleteResourcePolicy: authorizeDeleteResourcePolicy,
    ValidateResourcePolicy: authorizeValidateResourcePolicy,
    RotateSecret: authorizeRotateSecret,
    CancelRotateSecret: authorizeCancelRotateSecret,
    ReplicateSecretToRegions: (input, ctx) => authorizeReplicateSecretToRegions(deps, input, ctx),
    RemoveRegionsFromReplication: authorizeRemoveRegionsFromReplication,
    StopReplicationToReplica: authorizeStopReplicationToReplica,
  };
}

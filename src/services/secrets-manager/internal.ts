// The Secrets Manager API other Rampart services use inside their own request, without HTTP: SSM's
// /aws/reference/secretsmanager/<secret-id> parameters read secret values through it.
//
// It works like the KMS internal API: the calling operation's authorization entry adds the checks
// authorizeGetSecretValue builds (secretsmanager:GetSecretValue on the secret, judged with its
// resource policy and aws:CalledVia, and kms:Decrypt via Secrets Manager with the secret's encryption
// context) to its own; the pipeline judges them all; the handler then calls getSecretValue with those
// checks, in the same transaction. Errors are Secrets Manager's (ResourceNotFoundException,
// InvalidRequestException, DecryptionFailure, ...), for the calling service to map to its own.
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { Transaction } from '../../storage/types.js';
import { resolveFor } from './common.js';
import { secretCheck } from './conditions.js';
import type { SmDeps } from './deps.js';
import { planRead, readSecret } from './get-secret-value.js';
import { withPlan, type Plan } from './plan.js';
import { CURRENT } from './versions.js';

export interface SecretsManagerInternalApi {
  /** Checks for reading a secret's value on behalf of another service (SSM's /aws/reference/secretsmanager/<id>):
   *  secretsmanager:GetSecretValue on the secret (with its resource policy) and the KMS decrypt check. */
  authorizeGetSecretValue(
    ctx: AuthorizationContext,
    request: { secretId: string; versionId?: string; versionStage?: string; viaService: string },
  ): Promise<AuthorizationCheck[]>;
  /** The value, decrypted, using the checks the pipeline allowed (same transaction). Errors are Secrets Manager's codes. */
  getSecretValue(checks: readonly AuthorizationCheck[]): Promise<{
    arn: string;
    name: string;
    versionId: string;
    versionStages: string[];
    createdDate: Date;
    secretString?: string;
    secretBinary?: Buffer;
  }>;
}

interface InternalPlan extends Plan {
  internal: { tx: Transaction; now: number; versionId?: string; versionStage?: string };
}

/** "ssm" or "ssm.amazonaws.com": the service principal aws:CalledVia names. */
const servicePrincipal = (via: string) => (via.includes('.') ? via : `${via}.amazonaws.com`);

export function createSecretsManagerInternalApi(deps: SmDeps): SecretsManagerInternalApi {
  return {
    async authorizeGetSecretValue(ctx, request) {
      const resolved = await resolveFor(ctx, request.secretId);
      const plan: InternalPlan = { resolved, internal: { tx: ctx.tx, now: ctx.now, versionId: request.versionId, versionStage: request.versionStage } };
      const via = servicePrincipal(request.viaService);
      const check = secretCheck('secretsmanager:GetSecretValue', resolved, {
        'secretsmanager:VersionId': request.versionId,
        'secretsmanager:VersionStage': request.versionStage ?? CURRENT,
        'aws:CalledVia': [via],
        'aws:CalledViaFirst': via,
        'aws:CalledViaLast': via,
        'aws:ViaAWSService': true,
      });
      const checks = [withPlan(check, plan)];
      plan.open = await planRead(deps, ctx, resolved.loaded?.record, request.versionId, request.versionStage);
      if (plan.open?.check) checks.push(plan.open.check);
      return checks;
    },
    async getSecretValue(checks) {
      const plan = checks[0]?.resource.loaded as InternalPlan | undefined;
      if (!plan?.internal) throw new Error('getSecretValue needs the checks authorizeGetSecretValue built');
      const { tx, now, versionId, versionStage } = plan.internal;
      const entry = readSecret(deps, { tx, now }, plan.resolved, plan.open, versionId, versionStage);
      return {
        arn: entry.ARN!,
        name: entry.Name!,
        versionId: entry.VersionId!,
        versionStages: entry.VersionStages!,
        createdDate: entry.CreatedDate!,
        ...(entry.SecretString !== undefined ? { secretString: entry.SecretString } : {}),
        ...(entry.SecretBinary !== undefined ? { secretBinary: Buffer.from(entry.SecretBinary) } : {}),
      };
    },
  };
}

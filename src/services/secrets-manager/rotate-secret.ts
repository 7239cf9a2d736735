// RotateSecret and CancelRotateSecret. RotateSecret sets the rotation function and schedule and, by
// default, starts a rotation at once: the new version (ClientRequestToken) exists empty with
// AWSPENDING when the call returns, and the rotation job fills and promotes it asynchronously, as AWS
// invokes the Lambda asynchronously. A function Rampart cannot resolve is refused as AWS refuses a
// function it cannot invoke.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../errors.js';
import type { CancelRotateSecretRequest, CancelRotateSecretResponse, RotateSecretRequest, RotateSecretResponse } from '../../generated/secrets-manager/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { resolveFor, writable } from './common.js';
import { checkedSecret, secretCheck } from './conditions.js';
import { rotateJobId, type SmDeps } from './deps.js';
import { invalidParameter, invalidRequest, rotationInProgress } from './errors.js';
import { saveSecret } from './records.js';
import { syncReplicas } from './replication.js';
import { nextRotation, scheduleRotation, startRotation } from './rotation/engine.js';
import { validateRules } from './schedule.js';
import { currentVersionId, PENDING, versionWithStage } from './versions.js';
import { parseLambdaArn } from './arns.js';

export async function authorizeRotateSecret(input: RotateSecretRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  const resolved = await resolveFor(ctx, input.SecretId);
  return [
    secretCheck('secretsmanager:RotateSecret', resolved, {
      'secretsmanager:RotationLambdaARN': input.RotationLambdaARN ?? resolved.loaded?.record.rotation?.lambdaArn,
      'secretsmanager:ModifyRotationRules': (input.RotationRules !== undefined),
    }),
  ];
}

export async function RotateSecret(input: RotateSecretRequest, ctx: HandlerContext, deps: SmDeps): Promise<RotateSecretResponse> {
  const loaded = writable(checkedSecret(ctx));
  const record = loaded.record;
  if (input.ExternalSecretRotationMetadata !== undefined || input.ExternalSecretRotationRoleArn !== undefined) {
    throw invalidParameter('Managed external secret rotation is not supported by Rampart; use RotationLambdaARN.');
  }
  const lambdaArn = input.RotationLambdaARN || record.rotation?.lambdaArn;
  if (!lambdaArn) {
    throw invalidRequest(
      "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured and you didn't include such an ARN as a parameter in this call.",
    );
  }
  if (!parseLambdaArn(lambdaArn) || !deps.rotationFunctions.resolve(lambdaArn)) {
    throw new AwsError('AccessDeniedException', 'Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.');
  }
  const rules = input.RotationRules ? validateRules(input.RotationRules) : record.rotation?.rules;
  const pending = versionWithStage(record, PENDING);
  if (pending !== undefined && pending !== currentVersionId(record)) throw rotationInProgress();
  const immediately = input.RotateImmediately ?? true;
  if (immediately && currentVersionId(record) === undefined) {
    throw invalidRequest('The secret has no AWSCURRENT version to rotate. Put a value in the secret first.');
  }
  record.rotation = { ...record.rotation, lambdaArn, enabled: true, ...(rules ? { rules } : {}) };
  if (!rules) delete record.rotation.rules;
  delete record.rotation.lastFailure;
  record.lastChangedAt = ctx.now;
  const response: RotateSecretResponse = { ARN: record.arn, Name: record.name };
  if (immediately) {
    const token = input.ClientRequestToken ?? randomUUID();
    await startRotation(deps, ctx.tx, loaded, token, ctx.now);
    // NextRotationDate: the window after this rotation.
    const next = rules ? nextRotation(record, ctx.now, ctx.now) : undefined;
    if (next) record.rotation.nextRotationAt = next.windowEnd;
    else delete record.rotation.nextRotationAt;
    response.VersionId = token;
    // Run it now rather than at the scheduler's next poll (the job is durable either way).
    ctx.tx.afterCommit(() => void deps.scheduler.runDue().catch((error: unknown) => deps.logger.error({ err: error }, 'scheduler pass failed')));
  } else {
    await scheduleRotation(deps, ctx.tx, record, ctx.now, record.rotation.lastRotatedAt ?? ctx.now);
  }
  await syncReplicas(deps, ctx.tx, record, ctx.now);
  saveSecret(ctx.tx, loaded);
  return response;
}

export async function authorizeCancelRotateSecret(input: CancelRotateSecretRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> {
  return [secretCheck('secretsmanager:CancelRotateSecret', await resolveFor(ctx, input.SecretId))];
}

/** Turns automatic rotation off and abandons a rotation in progress; labels stay where they are. */
export async function CancelRotateSecret(_input: CancelRotateSecretRequest, ctx: HandlerContext, deps: SmDeps): Promise<CancelRotateSecretResponse> {
  const loaded = writable(checkedSecret(ctx));
  const record = loaded.record;
  if (!record.rotation?.lambdaArn) {
    throw invalidRequest(
      "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured and you didn't include such an ARN as a parameter in this call.",
    );
  }
  const response: CancelRotateSecretResponse = { ARN: record.arn, Name: record.name };
  const pending = versionWithStage(record, PENDING);
  if (pending !== undefined && pending !== currentVersionId(record)) response.VersionId = pending;
  record.rotation.enabled = false;
  delete record.rotation.inProgress;
  delete record.rotation.nextRotationAt;
  record.lastChangedAt = ctx.now;
  await deps.scheduler.cancel(ctx.tx, rotateJobId(record.arn));
  await syncReplicas(deps, ctx.tx, record, ctx.now);
  saveSecret(ctx.tx, loaded);
  return response;
}

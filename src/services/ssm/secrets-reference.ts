// /aws/reference/secretsmanager/<secret-id>[:<version-id or staging label>]: GetParameter and
// GetParameters answer with a Secrets Manager secret's value, read through Secrets Manager's internal
// API as the caller (its authorization checks, and KMS's, join the SSM check). As AWS: WithDecryption
// is required, the parameter is a SecureString of Version 0 named by the reference, its ARN is the
// secret's, and SourceResult carries the secret version Secrets Manager returned.
import { AwsError, isAwsError } from '../../errors.js';
import type { Parameter } from '../../generated/ssm/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import { invalidSelector, SECRETS_REFERENCE_PREFIX } from './names.js';

import type { SecretsManagerInternalApi as SecretsManagerReferenceApi } from '../secrets-manager/internal.js';

export type { SecretsManagerReferenceApi };

export interface SecretReference {
  /** The parameter name: the reference without its selector. */
  name: string;
  secretId: string;
  selector?: string;
  versionId?: string;
  versionStage?: string;
}

// Secrets Manager version ids are UUIDs (32 hexadecimal digits, usually with hyphens).
const VERSION_ID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

export const needsDecryption = () => new AwsError('ValidationException', 'WithDecryption flag must be True for retrieving a Secret Manager secret.');

/** Parses a reference; ValidationException for a malformed selector (checked before WithDecryption, as AWS). */
export function parseSecretReference(raw: string): SecretReference {
  const text = raw.trim();
  const rest = text.slice(SECRETS_REFERENCE_PREFIX.length);
  const parts = rest.split(':');
  if (parts.length > 2 || parts[0] === '' || parts[1] === '') throw invalidSelector();
  const reference: SecretReference = { name: SECRETS_REFERENCE_PREFIX + parts[0]!, secretId: parts[0]! };
  if (parts.length === 2) {
    reference.selector = `:${parts[1]}`;
    if (VERSION_ID.test(parts[1]!)) reference.versionId = parts[1]!;
    else reference.versionStage = parts[1]!;
  }
  return reference;
}

export const secretNotFound = (reference: SecretReference) =>
  new AwsError(
    'ParameterNotFound',
    `An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret ${reference.name.slice(1)}${reference.selector ?? 'null'} not found.`,
  );

export type ReferenceAuthorization =
  | { ok: true; checks: AuthorizationCheck[] }
  | { ok: false; error: AwsError };

/** Secrets Manager's checks for a reference; a missing secret or a refused request becomes Parameter Store's error. */
export async function authorizeReference(
  api: SecretsManagerReferenceApi | undefined,
  ctx: AuthorizationContext,
  reference: SecretReference,
): Promise<ReferenceAuthorization> {
  // Without Secrets Manager there are no secrets to reference.
  if (!api) return { ok: false, error: secretNotFound(reference) };
  try {
    const request: { secretId: string; versionId?: string; versionStage?: string; viaService: string } = {
      secretId: reference.secretId,
      // The service principal aws:CalledVia names.
      viaService: 'ssm.amazonaws.com',
    };
    if (reference.versionId !== undefined) request.versionId = reference.versionId;
    if (reference.versionStage !== undefined) request.versionStage = reference.versionStage;
    return { ok: true, checks: await api.authorizeGetSecretValue(ctx, request) };
  } catch (error) {
    const mapped = fromSecretsManager(error, reference);
    if (mapped.code === 'AccessDenied') throw mapped;
    return { ok: false, error: mapped };
  }
}

function fromSecretsManager(error: unknown, reference: SecretReference): AwsError {
  if (!isAwsError(error)) throw error;
  if (error.code === 'ResourceNotFoundException') return secretNotFound(reference);
  if (error.code === 'InvalidRequestException' || error.code === 'InvalidParameterException') {
    return new AwsError('ValidationException', 'Invalid Request to Secrets Manager');
  }
  return error;
}

/** Reads the secret with the checks the pipeline allowed, as the Parameter AWS returns. */
export async function readReference(api: SecretsManagerReferenceApi, checks: readonly AuthorizationCheck[], reference: SecretReference): Promise<Parameter> {
  let secret: Awaited<ReturnType<SecretsManagerReferenceApi['getSecretValue']>>;
  try {
    secret = await api.getSecretValue(checks);
  } catch (error) {
    throw fromSecretsManager(error, reference);
  }
  const source: Record<string, unknown> = { ARN: secret.arn, name: secret.name, versionId: secret.versionId };
  if (secret.secretString !== undefined) source.secretString = secret.secretString;
  if (secret.secretBinary !== undefined) source.secretBinary = secret.secretBinary.toString('base64');
  source.versionStages = secret.versionStages;
  source.createdDate = secret.createdDate.toISOString();
  const parameter: Parameter = {
    Name: reference.name,
    Type: 'SecureString',
    Version: 0,
    SourceResult: JSON.stringify(source),
    LastModifiedDate: secret.createdDate,
    ARN: secret.arn,
  };
  if (secret.secretString !== undefined) parameter.Value = secret.secretString;
  if (reference.selector !== undefined) parameter.Selector = reference.selector;
  return parameter;
}

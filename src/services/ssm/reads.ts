// Reading one parameter by the name a request gives (GetParameter, GetParameters): a stored
// parameter at its current version or the version a ":version"/":label" selector names, a public
// /aws/service/ parameter, or a /aws/reference/secretsmanager/ secret. The authorization entry
// resolves the name and builds the checks (ssm:GetParameter(s) on the parameter's ARN, kms:Decrypt for
// a SecureString read WithDecryption, Secrets Manager's for a reference); the handler then answers
// from what was resolved, in the same transaction.
import { AwsError, isAwsError } from '../../errors.js';
import type { Parameter, ParameterHistory, ParameterInlinePolicy, ParameterMetadata } from '../../generated/ssm/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { SsmDeps } from './deps.js';
import { isSecretsReference, parameterArn, parseNameReference, publicParameterArn, type ParameterPlace } from './names.js';
import { isPublicName, publicParameters, type PublicParameter } from './public-parameters.js';
import { labelsOf, loadParameter, loadVersion, type ParameterRecord, type StoredPolicy, type VersionRecord } from './records.js';
import { authorizeReference, needsDecryption, parseSecretReference, readReference, type SecretReference } from './secrets-reference.js';
import { authorizeOpen, open } from './secure-string.js';
import { resourceTags } from './tags.js';

export const placeOf = (ctx: Pick<AuthorizationContext, 'partition' | 'accountId' | 'region'>): ParameterPlace => ({
  partition: ctx.partition,
  accountId: ctx.accountId,
  region: ctx.region,
});

export const parameterNotFound = (message = '') => new AwsError('ParameterNotFound', message);
export const versionNotFound = (name: string, version: number) =>
  new AwsError('ParameterVersionNotFound', `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`);

export type ReadTarget =
  | { kind: 'parameter'; requested: string; record: ParameterRecord; version: VersionRecord; selector?: string; decrypt?: AuthorizationCheck }
  | { kind: 'public'; requested: string; parameter: PublicParameter; selector?: string }
  | { kind: 'reference'; requested: string; reference: SecretReference; checks: AuthorizationCheck[] }
  | { kind: 'missing'; requested: string; error: AwsError };

export interface ResolvedRead {
  target: ReadTarget;
  /** The checks this read needs; the first is the SSM check, carrying the target. */
  checks: AuthorizationCheck[];
}

/** The version a selector names, or the current one. */
export async function selectVersion(
  reader: AuthorizationContext['tx'],
  place: ParameterPlace,
  record: ParameterRecord,
  selector: { version?: number; label?: string },
): Promise<VersionRecord> {
  let version = record.current.version;
  if (selector.label !== undefined) {
    const labelled = record.labels[selector.label];
    if (labelled === undefined) throw parameterNotFound(`Parameter ${record.name}:${selector.label} not found.`);
    version = labelled;
  } else if (selector.version !== undefined) {
    version = selector.version;
    if (version < record.firstVersion || version > record.current.version) throw versionNotFound(record.name, version);
  }
  if (version === record.current.version) return record.current;
  const found = await loadVersion(reader, place, record.name, version);
  if (!found) throw versionNotFound(record.name, version);
  return found;
}

/** Resolves a name for a read and builds its checks. Input errors for the name itself are thrown. */
export async function resolveRead(deps: SsmDeps, ctx: AuthorizationContext, raw: string, action: string, withDecryption: boolean): Promise<ResolvedRead> {
  const place = placeOf(ctx);
  const ssmCheck = (arn: string, accountId: string, tags?: Record<string, string>): AuthorizationCheck => ({
    action,
    resource: tags ? { arn, accountId, tags } : { arn, accountId },
  });

  if (isSecretsReference(raw.trim())) {
    const reference = parseSecretReference(raw);
    if (!withDecryption) throw needsDecryption();
    const check = ssmCheck(parameterArn(place, reference.name), ctx.accountId);
    const authorized = await authorizeReference(deps.secretsManager, ctx, reference);
    const target: ReadTarget = authorized.ok
      ? { kind: 'reference', requested: raw, reference, checks: authorized.checks }
      : { kind: 'missing', requested: raw, error: authorized.error };
    check.resource.loaded = target;
    return { target, checks: authorized.ok ? [check, ...authorized.checks] : [check] };
  }

  const reference = parseNameReference(raw, place, { selectors: true });
  if (isPublicName(reference.name)) {
    const parameter = publicParameters(ctx.region).get(reference.name);
    const check = ssmCheck(publicParameterArn(place, reference.name), '');
    let target: ReadTarget;
    if (!parameter || reference.label !== undefined) target = { kind: 'missing', requested: raw, error: parameterNotFound() };
    else if (reference.version !== undefined && reference.version !== parameter.version) {
      target = { kind: 'missing', requested: raw, error: versionNotFound(reference.name, reference.version) };
    } else target = { kind: 'public', requested: raw, parameter, ...(reference.selector ? { selector: reference.selector } : {}) };
    check.resource.loaded = target;
    return { target, checks: [check] };
  }

  let loaded = reference.foreign ? undefined : await loadParameter(ctx.tx, place, reference.name);
  let name = reference.name;
  if (!loaded && !reference.foreign && reference.alternative !== undefined) {
    loaded = await loadParameter(ctx.tx, place, reference.alternative);
    if (loaded) name = reference.alternative;
  }
  if (!loaded) {
    const check = ssmCheck(parameterArn(place, name), ctx.accountId);
    const target: ReadTarget = { kind: 'missing', requested: raw, error: parameterNotFound() };
    check.resource.loaded = target;
    return { target, checks: [check] };
  }
  const record = loaded.record;
  const arn = parameterArn(place, record.name);
  const check = ssmCheck(arn, ctx.accountId, resourceTags(record.tags));
  let version: VersionRecord;
  try {
    version = await selectVersion(ctx.tx, place, record, reference);
  } catch (error) {
    if (!isAwsError(error)) throw error;
    const target: ReadTarget = { kind: 'missing', requested: raw, error };
    check.resource.loaded = target;
    return { target, checks: [check] };
  }
  const target: ReadTarget = { kind: 'parameter', requested: raw, record, version, ...(reference.selector ? { selector: reference.selector } : {}) };
  const checks = [check];
  if (withDecryption && version.type === 'SecureString') {
    target.decrypt = await authorizeOpen(deps.kms, ctx, version.value, arn);
    checks.push(target.decrypt);
  }
  check.resource.loaded = target;
  return { target, checks };
}

/** The Parameter a read returns (the value decrypted with the allowed check when asked). */
export async function parameterOutput(deps: SsmDeps, place: ParameterPlace, target: ReadTarget): Promise<Parameter> {
  switch (target.kind) {
    case 'missing':
      throw target.error;
    case 'reference':
      return readReference(deps.secretsManager!, target.checks, target.reference);
    case 'public': {
      const p = target.parameter;
      const out: Parameter = {
        Name: p.name,
        Type: p.type,
        Value: p.value,
        Version: p.version,
        LastModifiedDate: new Date(p.modifiedAt),
        ARN: publicParameterArn(place, p.name),
        DataType: p.dataType,
      };
      if (target.selector) out.Selector = target.selector;
      return out;
    }
    case 'parameter':
      return versionOutput(deps, place, target.record.name, target.version, target.decrypt, target.selector);
  }
}

export async function versionOutput(
  deps: SsmDeps,
  place: ParameterPlace,
  name: string,
  version: VersionRecord,
  decrypt: AuthorizationCheck | undefined,
  selector?: string,
): Promise<Parameter> {
  const arn = parameterArn(place, name);
  const out: Parameter = {
    Name: name,
    Type: version.type,
    Value: decrypt ? await open(deps.kms, decrypt, version.value, arn) : version.value,
    Version: version.version,
    LastModifiedDate: new Date(version.modifiedAt),
    ARN: arn,
    DataType: version.dataType,
  };
  if (selector) out.Selector = selector;
  return out;
}

export const policiesOutput = (policies: readonly StoredPolicy[]): ParameterInlinePolicy[] =>
  policies.map((p) => ({ PolicyText: p.text, PolicyType: p.type, PolicyStatus: p.status }));

export function metadataOutput(place: ParameterPlace, record: ParameterRecord): ParameterMetadata {
  const v = record.current;
  const out: ParameterMetadata = {
    Name: record.name,
    ARN: parameterArn(place, record.name),
    Type: v.type,
    LastModifiedDate: new Date(v.modifiedAt),
    LastModifiedUser: v.modifiedBy,
    Version: v.version,
    Tier: v.tier,
    Policies: policiesOutput(v.policies),
    DataType: v.dataType,
  };
  if (v.keyId !== undefined) out.KeyId = v.keyId;
  if (v.description !== undefined) out.Description = v.description;
  if (v.allowedPattern !== undefined) out.AllowedPattern = v.allowedPattern;
  return out;
}

export async function historyOutput(
  deps: SsmDeps,
  place: ParameterPlace,
  record: ParameterRecord,
  v: VersionRecord,
  decrypt: AuthorizationCheck | undefined,
): Promise<ParameterHistory> {
  const out: ParameterHistory = {
    Name: record.name,
    Type: v.type,
    LastModifiedDate: new Date(v.modifiedAt),
    LastModifiedUser: v.modifiedBy,
    Value: decrypt ? await open(deps.kms, decrypt, v.value, parameterArn(place, record.name)) : v.value,
    Version: v.version,
    Labels: labelsOf(record, v.version),
    Tier: v.tier,
    Policies: policiesOutput(v.policies),
    DataType: v.dataType,
  };
  if (v.keyId !== undefined) out.KeyId = v.keyId;
  if (v.description !== undefined) out.Description = v.description;
  if (v.allowedPattern !== undefined) out.AllowedPattern = v.allowedPattern;
  return out;
}

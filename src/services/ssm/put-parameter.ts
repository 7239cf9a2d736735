// PutParameter: creates a parameter, or with Overwrite a new version of it. The authorization entry
// validates the request and plans the write (name, type, tier, key, policies), since the checks
// depend on it: ssm:PutParameter with ssm:Overwrite/ssm:Policies and the request's tags,
// ssm:AddTagsToResource when tagging, and for a SecureString kms:Encrypt (Standard) or
// kms:GenerateDataKey (Advanced) via Parameter Store. The handler then writes the version.
import { AwsError } from '../../errors.js';
import type { PutParameterRequest, PutParameterResult } from '../../generated/ssm/types.js';
import type { ContextValue } from '../../iam/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { JOB_PARAMETER_POLICIES, policyJobId, type SsmDeps } from './deps.js';
import { parameterArn, validateNewName, versionKey } from './names.js';
import { carriedPolicies, nextDue, parsePolicies, storedPolicies, type ParsedPolicy } from './policies.js';
import { placeOf } from './reads.js';
import { labelsOf, loadCounts, loadParameter, moveCount, saveParameter, saveVersion, type LoadedParameter, type ParameterRecord, type StoredTier, type VersionRecord } from './records.js';
import { authorizeSeal, DEFAULT_KEY_ID, seal } from './secure-string.js';
import { DEFAULT_TIER_SETTING, settingValue } from './service-settings.js';
import { mergeTags, requestTagConditions, resourceTags, validateTags } from './tags.js';
import { charCount, chooseTier } from './tiers.js';
import type { ParameterTier } from '../../generated/ssm/types.js';

export const MAX_VERSIONS = 100;
const DATA_TYPES = ['text', 'aws:ec2:image'];
const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;

interface PutPlan {
  name: string;
  arn: string;
  existing?: LoadedParameter;
  type: VersionRecord['type'];
  tier: StoredTier;
  keyId?: string;
  description?: string;
  allowedPattern?: string;
  dataType: string;
  /** New policies from the request; undefined: carry the current version's. */
  policies?: ParsedPolicy[];
  seal?: AuthorizationCheck;
}

function compilePattern(pattern: string): RegExp {
  try {
    // Parameter Store matches the whole value against the pattern.
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    throw new AwsError('InvalidAllowedPatternException', `The allowed pattern ${pattern} isn't a valid regular expression.`);
  }
}

function validateValue(input: PutParameterRequest, type: VersionRecord['type'], dataType: string, allowedPattern: string | undefined): void {
  const value = input.Value;
  if (value.length === 0) {
    throw new AwsError('ValidationException', "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1.");
  }
  if (/\{\{.*\}\}/s.test(value)) throw new AwsError('ValidationException', 'Parameter value can\'t nest another parameter. Do not use "{{}}" in the value.');
  if (!DATA_TYPES.includes(dataType)) {
    throw new AwsError('ValidationException', `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`);
  }
  if (dataType === 'aws:ec2:image') {
    if (type !== 'String') throw new AwsError('ValidationException', `The data type ${dataType} is supported only for the String parameter type.`);
    if (!AMI_ID.test(value)) {
      throw new AwsError('ValidationException', `Parameter value ${value} isn't a valid Amazon Machine Image (AMI) ID. An AMI ID is ami- followed by 8 or 17 hexadecimal characters, such as ami-12345abcdeEXAMPLE.`);
    }
  }
  if (allowedPattern !== undefined && !compilePattern(allowedPattern).test(value)) {
    throw new AwsError('ParameterPatternMismatchException', `Parameter value, cannot be validated against allowedPattern: ${allowedPattern}`);
  }
}

export function authorizePutParameter(deps: SsmDeps) {
  return async (input: PutParameterRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> => {
    const place = placeOf(ctx);
    const name = validateNewName(input.Name, place);
    if (input.Overwrite && input.Tags && input.Tags.length > 0) {
      throw new AwsError(
        'ValidationException',
        'Invalid request: tags and overwrite can\'t be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.',
      );
    }
    validateTags(input.Tags ?? []);
    mergeTags([], input.Tags ?? []);
    const existing = await loadParameter(ctx.tx, place, name);
    const previous = existing?.record.current;
    if (!previous && input.Type === undefined) throw new AwsError('ValidationException', 'A parameter type is required when you create a parameter.');
    const type = input.Type ?? previous!.type;
    if (input.KeyId !== undefined && type !== 'SecureString') {
      throw new AwsError('ValidationException', 'KeyId is supported only for parameters of the SecureString type.');
    }
    const dataType = input.DataType ?? previous?.dataType ?? 'text';
    const description = input.Description ?? previous?.description;
    const allowedPattern = input.AllowedPattern ?? previous?.allowedPattern;
    validateValue(input, type, dataType, allowedPattern);

    const policies = input.Policies !== undefined ? parsePolicies(input.Policies, ctx.now) : undefined;
    const hasPolicies = policies ? policies.length > 0 : (previous?.policies.length ?? 0) > 0;
    const requested = (input.Tier ?? (await settingValue(ctx.tx, place, DEFAULT_TIER_SETTING))) as ParameterTier;
    const tier = chooseTier({
      requested,
      explicit: input.Tier !== undefined,
      valueChars: charCount(input.Value),
      hasPolicies,
      existing: previous?.tier,
      counts: await loadCounts(ctx.tx, place),
      limits: deps.limits,
    });

    const arn = parameterArn(place, name);
    const plan: PutPlan = { name, arn, type, tier, dataType };
    if (existing) plan.existing = existing;
    if (description !== undefined) plan.description = description;
    if (allowedPattern !== undefined) plan.allowedPattern = allowedPattern;
    if (policies) plan.policies = policies;

    const context: Record<string, ContextValue | undefined> = {
      'ssm:Overwrite': String(input.Overwrite ?? false),
      ...requestTagConditions(input.Tags),
    };
    if (input.Policies !== undefined) context['ssm:Policies'] = String(hasPolicies);
    const resource = { arn, accountId: ctx.accountId, tags: resourceTags(existing?.record.tags ?? []), loaded: plan };
    const checks: AuthorizationCheck[] = [{ action: 'ssm:PutParameter', resource, context }];
    if (input.Tags && input.Tags.length > 0) {
      checks.push({ action: 'ssm:AddTagsToResource', resource: { arn, accountId: ctx.accountId }, context: requestTagConditions(input.Tags) });
    }
    if (type === 'SecureString') {
      plan.keyId = input.KeyId ?? (previous?.type === 'SecureString' ? previous.keyId : undefined) ?? DEFAULT_KEY_ID;
      plan.seal = await authorizeSeal(deps.kms, ctx, plan.keyId, tier, arn);
      checks.push(plan.seal);
    }
    return checks;
  };
}

export function putParameter(deps: SsmDeps) {
  return async (input: PutParameterRequest, ctx: HandlerContext): Promise<PutParameterResult> => {
    const plan = ctx.checks[0]!.resource.loaded as PutPlan;
    const place = placeOf(ctx);
    const existing = plan.existing?.record;
    if (existing && !input.Overwrite) {
      throw new AwsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
    }
    deps.updates.check(ctx.tx, ctx.requestId, plan.arn, plan.existing?.version ?? 0);

    const versionNumber = existing ? existing.current.version + 1 : 1;
    let firstVersion = existing?.firstVersion ?? 1;
    if (existing && versionNumber - firstVersion + 1 > MAX_VERSIONS) {
      // Parameter Store keeps the newest 100 versions; a labelled oldest version is never dropped.
      if (labelsOf(existing, firstVersion).length > 0) {
        throw new AwsError(
          'ParameterMaxVersionLimitExceeded',
          `You attempted to create a new version of ${plan.name} by calling the PutParameter API with the overwrite flag. Version ${firstVersion}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
        );
      }
      ctx.tx.delete(versionKey(place, plan.name, firstVersion));
      firstVersion++;
    }

    const policies = plan.policies ? storedPolicies(plan.policies, ctx.now) : carriedPolicies(existing?.current.policies ?? [], ctx.now);
    const version: VersionRecord = {
      version: versionNumber,
      type: plan.type,
      value: plan.seal ? await seal(deps.kms, plan.seal, plan.tier, input.Value, plan.arn) : input.Value,
      dataType: plan.dataType,
      tier: plan.tier,
      policies,
      modifiedAt: ctx.now,
      modifiedBy: ctx.principal.arn,
    };
    if (plan.keyId !== undefined) version.keyId = plan.keyId;
    if (plan.description !== undefined) version.description = plan.description;
    if (plan.allowedPattern !== undefined) version.allowedPattern = plan.allowedPattern;

    const record: ParameterRecord = {
      name: plan.name,
      current: version,
      firstVersion,
      labels: existing?.labels ?? {},
      tags: existing?.tags ?? mergeTags([], input.Tags ?? []),
    };
    saveParameter(ctx.tx, place, record);
    saveVersion(ctx.tx, place, plan.name, version);
    await moveCount(ctx.tx, place, existing?.current.tier, plan.tier);

    const due = nextDue(policies);
    if (due !== undefined) {
      await deps.scheduler.schedule(ctx.tx, { id: policyJobId(plan.arn), type: JOB_PARAMETER_POLICIES, dueAt: due, payload: { ...place, name: plan.name } });
    } else if (existing && existing.current.policies.length > 0) {
      await deps.scheduler.cancel(ctx.tx, policyJobId(plan.arn));
    }
    return { Version: versionNumber, Tier: plan.tier };
  };
}

// CreateKey: a customer managed key of any supported spec and usage, with AWS's default key policy
// unless the request brings one (which must pass the policy lockout safety check), tags, and either
// material generated here (Origin AWS_KMS) or none until it is imported (Origin EXTERNAL).
import { AwsError } from '../../errors.js';
import type { CreateKeyRequest, CreateKeyResponse } from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { keyArn } from './arns.js';
import { callerPlace } from './conditions.js';
import { createKeyRecord } from './create-key-record.js';
import type { KmsDeps } from './deps.js';
import { defaultKeyPolicy, lockoutRefusal, policyKeepsCallerInControl, validateKeyPolicy } from './key-policy.js';
import { keyMetadata } from './key-metadata.js';
import { defaultUsage, isSupportedKeySpec, KEY_SPECS, unsupportedSpecReason } from './key-specs.js';
import { MAX_TAGS_PER_KEY, validateTags } from './tags.js';

export async function CreateKey(input: CreateKeyRequest, ctx: HandlerContext, deps: KmsDeps): Promise<CreateKeyResponse> {
  if (input.CustomKeyStoreId !== undefined) {
    throw new AwsError('CustomKeyStoreNotFoundException', `Custom key store ${input.CustomKeyStoreId} does not exist. (Custom key stores are not supported yet.)`);
  }
  const origin = input.Origin ?? 'AWS_KMS';
  if (origin === 'AWS_CLOUDHSM' || origin === 'EXTERNAL_KEY_STORE') {
    throw new AwsError('UnsupportedOperationException', `Origin ${origin} needs a custom key store, which this KMS does not support yet.`);
  }
  if (input.XksKeyId !== undefined) throw new AwsError('ValidationException', 'XksKeyId is valid only for KMS keys with an Origin of EXTERNAL_KEY_STORE.');
  if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined) {
    throw new AwsError(
      'ValidationException',
      'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec parameter is deprecated. Use KeySpec instead.',
    );
  }
  const keySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  if (!isSupportedKeySpec(keySpec)) throw new AwsError('UnsupportedOperationException', unsupportedSpecReason(keySpec));
  const keyUsage = input.KeyUsage ?? defaultUsage(keySpec);
  if (keyUsage === undefined) {
    throw new AwsError('ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  }
  if (!KEY_SPECS[keySpec].usages.includes(keyUsage)) {
    throw new AwsError('ValidationException', `KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}.`);
  }
  const tags = input.Tags ?? [];
  validateTags(tags);
  if (tags.length > MAX_TAGS_PER_KEY) throw new AwsError('LimitExceededException', `A KMS key can have at most ${MAX_TAGS_PER_KEY} tags.`);

  const place = callerPlace(ctx);
  let policy = defaultKeyPolicy(ctx.partition, ctx.accountId);
  if (input.Policy !== undefined) {
    const statements = validateKeyPolicy(input.Policy);
    // The lockout check is judged for the key the policy will protect: any key of this account and Region.
    const anyKeyArn = keyArn(place, '*');
    if (!input.BypassPolicyLockoutSafetyCheck && !policyKeepsCallerInControl(statements, input.Policy, ctx.principal, anyKeyArn, deps.evaluate)) {
      throw lockoutRefusal();
    }
    policy = input.Policy;
  }

  const loaded = await createKeyRecord(ctx.tx, deps, {
    place,
    now: ctx.now,
    description: input.Description ?? '',
    keySpec,
    keyUsage,
    origin,
    keyManager: 'CUSTOMER',
    multiRegion: input.MultiRegion ?? false,
    policy,
    tags,
  });
  return { KeyMetadata: keyMetadata(loaded) };
}

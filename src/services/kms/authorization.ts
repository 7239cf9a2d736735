// What each KMS operation must be authorized for (AWS Service Authorization Reference, "Actions,
// resources, and condition keys for AWS Key Management Service"): the action, the key (whose key
// policy must allow, directly or through the account), whether a grant allows it, and the condition
// keys. Each entry resolves the key the request names (NotFoundException as AWS answers it), takes a
// request from the operation's quota, and leaves the loaded key in the check for the handler.
import { AwsError } from '../../errors.js';
import type { GrantOperation, KmsOperations } from '../../generated/kms/types.js';
import type { ContextValue } from '../../iam/types.js';
import type { AuthorizationCheck, AuthorizationContext, AuthorizationTable } from '../authorization.js';
import { aliasArn, keyArn } from './arns.js';
import { invalidCiphertext, parseBlob } from './ciphertext.js';
import { callerConditions, callerPlace, keyResource, starCheck } from './conditions.js';
import type { KmsDeps } from './deps.js';
import { encryptionContextConditions } from './encryption-context.js';
import { grantAllows, grantAllowsPrincipal, granteeNames, readGrantToken, validateGrantTokens, type GrantQuestion, type GrantRecord } from './grants.js';
import { aliasStorageKey, grantStorageKey, loadKeyAt, placeOf, type AliasRecord, type LoadedKey } from './key-record.js';
import { KEY_SPECS } from './key-specs.js';
import { cryptographicQuota } from './quotas.js';
import { CROSS_ACCOUNT_RULES, CRYPTO_RULES, MANAGEMENT_RULES, resolveKey, type KeyIdRules, type ResolvedKey } from './resolve.js';
import { requestTagConditions } from './tags.js';
import { validateAliasName } from './aliases.js';
import type { JsonValue } from '../../storage/types.js';

type Input<Op extends keyof KmsOperations> = KmsOperations[Op]['input'];

export interface KeyCheckSpec {
  action: string;
  keyId: string;
  rules: KeyIdRules;
  /** The grant operation that allows this action, with what a grant's constraint is judged against. */
  grant?: GrantQuestion;
  /** A quota name, the shared cryptographic quota of the key's type, or null: counted elsewhere. */
  quota: string | null;
  context?: (resolved: ResolvedKey) => Record<string, ContextValue | undefined>;
  grantTokens?: readonly string[];
  /** Set when another service calls KMS for the caller (kms:ViaService). */
  viaService?: string;
}

/** Builds the KMS authorization entries and the key checks other services reuse (see internal.ts). */
export function createKeyChecks(deps: KmsDeps) {
  async function checkFor(ctx: AuthorizationContext, spec: KeyCheckSpec, resolved: ResolvedKey): Promise<AuthorizationCheck> {
    const key = resolved.loaded.record;
    if (spec.quota !== null) {
      const quota = spec.quota === 'cryptographic' ? cryptographicQuota(KEY_SPECS[key.keySpec].family) : spec.quota;
      deps.quotas.take(key.accountId, ctx.region, quota);
    }
    validateGrantTokens(deps.keyring, spec.grantTokens);
    const allowedByGrant = spec.grant ? await grantAllowsPrincipal(ctx.tx, key, ctx.principal, spec.grant) : false;
    const context: Record<string, ContextValue | undefined> = { ...callerConditions(ctx, spec.viaService), ...spec.context?.(resolved) };
    if (resolved.requestAlias) context['kms:RequestAlias'] = resolved.requestAlias;
    return { action: spec.action, resource: keyResource(resolved.loaded, allowedByGrant), context };
  }

  async function keyCheck(ctx: AuthorizationContext, spec: KeyCheckSpec): Promise<AuthorizationCheck> {
    const resolved = await resolveKey(ctx.tx, deps, callerPlace(ctx), spec.keyId, spec.rules);
    return checkFor(ctx, spec, resolved);
  }

  /** The key a symmetric ciphertext names (Decrypt and ReEncrypt without a key id). */
  async function keyOfBlob(ctx: AuthorizationContext, blob: Uint8Array | undefined): Promise<ResolvedKey> {
    if (!blob) {
      throw new AwsError('ValidationException', "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
    }
    const parsed = parseBlob(blob);
    if (!parsed) throw invalidCiphertext();
    const place = { partition: ctx.partition, region: ctx.region, accountId: parsed.accountId };
    const loaded = await loadKeyAt(ctx.tx, place, parsed.keyId);
    if (!loaded) throw new AwsError('NotFoundException', `Key '${keyArn(place, parsed.keyId)}' does not exist`);
    return { loaded };
  }

  return { checkFor, keyCheck, keyOfBlob };
}

const algorithm = (name: string, value: string | undefined) => (value === undefined ? {} : { [name]: value });

export function kmsAuthorization(deps: KmsDeps): AuthorizationTable<'kms'> {
  const { checkFor, keyCheck, keyOfBlob } = createKeyChecks(deps);
  const one = async (ctx: AuthorizationContext, spec: KeyCheckSpec) => [await keyCheck(ctx, spec)];
  const management = (action: string, quota: string, context?: (input: never) => Record<string, ContextValue | undefined>) =>
    async (input: { KeyId: string }, ctx: AuthorizationContext) =>
      one(ctx, { action, keyId: input.KeyId, rules: MANAGEMENT_RULES, quota, context: context ? () => context(input as never) : undefined });
  const cryptoGrant = (operation: GrantOperation, encryptionContext?: Readonly<Record<string, string>>): GrantQuestion => ({ operation, encryptionContext });

  return {
    GenerateRandom: (_input, ctx) => {
      deps.quotas.take(ctx.accountId, ctx.region, 'CryptographicSymmetric');
      return [starCheck('kms:GenerateRandom', ctx)];
    },

    CreateKey: (input: Input<'CreateKey'>, ctx) => {
      deps.quotas.take(ctx.accountId, ctx.region, 'CreateKey');
      const context: Record<string, ContextValue | undefined> = {
        'kms:KeySpec': input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT',
        'kms:CustomerMasterKeySpec': input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT',
        'kms:KeyUsage': input.KeyUsage ?? 'ENCRYPT_DECRYPT',
        'kms:CustomerMasterKeyUsage': input.KeyUsage ?? 'ENCRYPT_DECRYPT',
        'kms:KeyOrigin': input.Origin ?? 'AWS_KMS',
        'kms:MultiRegion': input.MultiRegion ?? false,
        'kms:BypassPolicyLockoutSafetyCheck': input.BypassPolicyLockoutSafetyCheck ?? false,
        ...requestTagConditions(input.Tags),
      };
      if (input.MultiRegion) context['kms:MultiRegionKeyType'] = 'PRIMARY';
      const checks = [starCheck('kms:CreateKey', ctx, context)];
      // Tagging a key as it is created also needs kms:TagResource in an IAM policy.
      if (input.Tags && input.Tags.length > 0) checks.push(starCheck('kms:TagResource', ctx, requestTagConditions(input.Tags)));
      return checks;
    },

    ListKeys: (_input, ctx) => {
      deps.quotas.take(ctx.accountId, ctx.region, 'ListKeys');
      return [starCheck('kms:ListKeys', ctx)];
    },

    ListAliases: async (input: Input<'ListAliases'>, ctx) => {
      deps.quotas.take(ctx.accountId, ctx.region, 'ListAliases');
      const check = starCheck('kms:ListAliases', ctx);
      if (input.KeyId !== undefined) {
        // Only aliases of a key in the caller's account; the key must exist.
        const { loaded } = await resolveKey(ctx.tx, deps, callerPlace(ctx), input.KeyId, MANAGEMENT_RULES);
        check.resource.loaded = loaded;
      }
      return [check];
    },

    ListRetirableGrants: (_input, ctx) => {
      deps.quotas.take(ctx.accountId, ctx.region, 'ListRetirableGrants');
      return [starCheck('kms:ListRetirableGrants', ctx)];
    },

    DescribeKey: (input: Input<'DescribeKey'>, ctx) =>
      one(ctx, {
        action: 'kms:DescribeKey',
        keyId: input.KeyId,
        rules: { ...CRYPTO_RULES, createsManagedKey: true },
        grant: cryptoGrant('DescribeKey'),
        quota: 'DescribeKey',
        grantTokens: input.GrantTokens,
      }),

    Encrypt: (input: Input<'Encrypt'>, ctx) =>
      one(ctx, {
        action: 'kms:Encrypt',
        keyId: input.KeyId,
        rules: CRYPTO_RULES,
        grant: cryptoGrant('Encrypt', input.EncryptionContext),
        quota: 'cryptographic',
        grantTokens: input.GrantTokens,
        context: () => ({ ...encryptionContextConditions(input.EncryptionContext), 'kms:EncryptionAlgorithm': input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT' }),
      }),

    Decrypt: async (input: Input<'Decrypt'>, ctx) => {
      const ignoreCiphertext = input.DryRun === true && (input.DryRunModifiers ?? []).includes('IGNORE_CIPHERTEXT');
      const spec: KeyCheckSpec = {
        action: 'kms:Decrypt',
        keyId: input.KeyId ?? '',
        rules: CRYPTO_RULES,
        grant: cryptoGrant('Decrypt', input.EncryptionContext),
        quota: 'cryptographic',
        grantTokens: input.GrantTokens,
        context: () => ({ ...encryptionContextConditions(input.EncryptionContext), 'kms:EncryptionAlgorithm': input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT' }),
      };
      if (input.KeyId !== undefined) return one(ctx, spec);
      if (ignoreCiphertext) throw new AwsError('ValidationException', 'KeyId is required when DryRunModifiers includes IGNORE_CIPHERTEXT.');
      return [await checkFor(ctx, spec, await keyOfBlob(ctx, input.CiphertextBlob))];
    },

    ReEncrypt: async (input: Input<'ReEncrypt'>, ctx) => {
      const source = input.SourceKeyId !== undefined
        ? await resolveKey(ctx.tx, deps, callerPlace(ctx), input.SourceKeyId, CRYPTO_RULES)
        : await keyOfBlob(ctx, input.CiphertextBlob);
      const destination = await resolveKey(ctx.tx, deps, callerPlace(ctx), input.DestinationKeyId, CRYPTO_RULES);
      const sameKey = source.loaded.record.arn === destination.loaded.record.arn;
      const from = await checkFor(
        ctx,
        {
          action: 'kms:ReEncryptFrom',
          keyId: '',
          rules: CRYPTO_RULES,
          grant: cryptoGrant('ReEncryptFrom', input.SourceEncryptionContext),
          quota: 'cryptographic',
          grantTokens: input.GrantTokens,
          context: () => ({
            ...encryptionContextConditions(input.SourceEncryptionContext),
            'kms:EncryptionAlgorithm': input.SourceEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT',
            'kms:ReEncryptOnSameKey': sameKey,
          }),
        },
        source,
      );
      const to = await checkFor(
        ctx,
        {
          action: 'kms:ReEncryptTo',
          keyId: '',
          rules: CRYPTO_RULES,
          grant: cryptoGrant('ReEncryptTo', input.DestinationEncryptionContext),
          // One ReEncrypt request counts once against the shared quota.
          quota: null,
          context: () => ({
            ...encryptionContextConditions(input.DestinationEncryptionContext),
            'kms:EncryptionAlgorithm': input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT',
            'kms:ReEncryptOnSameKey': sameKey,
          }),
        },
        destination,
      );
      return [from, to];
    },

    GenerateDataKey: (input: Input<'GenerateDataKey'>, ctx) =>
      one(ctx, {
        action: 'kms:GenerateDataKey',
        keyId: input.KeyId,
        rules: CRYPTO_RULES,
        grant: cryptoGrant('GenerateDataKey', input.EncryptionContext),
        quota: 'cryptographic',
        grantTokens: input.GrantTokens,
        context: () => encryptionContextConditions(input.EncryptionContext),
      }),

    GenerateDataKeyWithoutPlaintext: (input: Input<'GenerateDataKeyWithoutPlaintext'>, ctx) =>
      one(ctx, {
        action: 'kms:GenerateDataKeyWithoutPlaintext',
        keyId: input.KeyId,
        rules: CRYPTO_RULES,
        grant: cryptoGrant('GenerateDataKeyWithoutPlaintext', input.EncryptionContext),
        quota: 'cryptographic',
        grantTokens: input.GrantTokens,
        context: () => encryptionContextConditions(input.EncryptionContext),
      }),

    GenerateDataKeyPair: (input: Input<'GenerateDataKeyPair'>, ctx) =>
      one(ctx, {
        action: 'kms:GenerateDataKeyPair',
        keyId: input.KeyId,
        rules: CRYPTO_RULES,
        grant: cryptoGrant('GenerateDataKeyPair', input.EncryptionContext),
        quota: `GenerateDataKeyPair:${input.KeyPairSpec}`,
        grantTokens: input.GrantTokens,
        context: () => ({ ...encryptionContextConditions(input.EncryptionContext), 'kms:DataKeyPairSpec': input.KeyPairSpec }),
      }),

    GenerateDataKeyPairWithoutPlaintext: (input: Input<'GenerateDataKeyPairWithoutPlaintext'>, ctx) =>
      one(ctx, {
        action: 'kms:GenerateDataKeyPairWithoutPlaintext',
        keyId: input.KeyId,
        rules: CRYPTO_RULES,
        grant: cryptoGrant('GenerateDataKeyPairWithoutPlaintext', input.EncryptionContext),
        quota: `GenerateDataKeyPair:${input.KeyPairSpec}`,
        grantTokens: input.GrantTokens,
        context: () => ({ ...encryptionContextConditions(input.EncryptionContext), 'kms:DataKeyPairSpec': input.KeyPairSpec }),
      }),

    GetPublicKey: (input: Input<'GetPublicKey'>, ctx) =>
      one(ctx, { action: 'kms:GetPublicKey', keyId: input.KeyId, rules: CRYPTO_RULES, grant: cryptoGrant('GetPublicKey'), quota: 'GetPublicKey', grantTokens: input.GrantTokens }),

    Sign: (input: Input<'Sign'>, ctx) =>
      one(ctx, {
        action: 'kms:Sign',
        keyId: input.KeyId,
        rules: CRYPTO_RULES,
        grant: cryptoGrant('Sign'),
        quota: 'cryptographic',
        grantTokens: input.GrantTokens,
        context: () => ({ 'kms:SigningAlgorithm': input.SigningAlgorithm, 'kms:MessageType': input.MessageType ?? 'RAW' }),
      }),

    Verify: (input: Input<'Verify'>, ctx) =>
      one(ctx, {
        action: 'kms:Verify',
        keyId: input.KeyId,
        rules: CRYPTO_RULES,
        grant: cryptoGrant('Verify'),
        quota: 'cryptographic',
        grantTokens: input.GrantTokens,
        context: () => ({ 'kms:SigningAlgorithm': input.SigningAlgorithm, 'kms:MessageType': input.MessageType ?? 'RAW' }),
      }),

    GenerateMac: (input: Input<'GenerateMac'>, ctx) =>
      one(ctx, {
        action: 'kms:GenerateMac',
        keyId: input.KeyId,
        rules: CRYPTO_RULES,
        grant: cryptoGrant('GenerateMac'),
        quota: 'cryptographic',
        grantTokens: input.GrantTokens,
        context: () => ({ 'kms:MacAlgorithm': input.MacAlgorithm }),
      }),

    VerifyMac: (input: Input<'VerifyMac'>, ctx) =>
      one(ctx, {
        action: 'kms:VerifyMac',
        keyId: input.KeyId,
        rules: CRYPTO_RULES,
        grant: cryptoGrant('VerifyMac'),
        quota: 'cryptographic',
        grantTokens: input.GrantTokens,
        context: () => ({ 'kms:MacAlgorithm': input.MacAlgorithm }),
      }),

    DeriveSharedSecret: (input: Input<'DeriveSharedSecret'>, ctx) =>
      one(ctx, {
        action: 'kms:DeriveSharedSecret',
        keyId: input.KeyId,
        rules: CRYPTO_RULES,
        grant: cryptoGrant('DeriveSharedSecret'),
        quota: 'cryptographic',
        grantTokens: input.GrantTokens,
        context: () => algorithm('kms:KeyAgreementAlgorithm', input.KeyAgreementAlgorithm),
      }),

    // ---- lifecycle and settings ----
    UpdateKeyDescription: management('kms:UpdateKeyDescription', 'UpdateKeyDescription'),
    EnableKey: management('kms:EnableKey', 'EnableKey'),
    DisableKey: management('kms:DisableKey', 'DisableKey'),
    CancelKeyDeletion: management('kms:CancelKeyDeletion', 'CancelKeyDeletion'),
    ScheduleKeyDeletion: management('kms:ScheduleKeyDeletion', 'ScheduleKeyDeletion', (input: Input<'ScheduleKeyDeletion'>) => ({
      'kms:ScheduleKeyDeletionPendingWindowInDays': input.PendingWindowInDays ?? 30,
    })),
    GetKeyPolicy: management('kms:GetKeyPolicy', 'GetKeyPolicy'),
    ListKeyPolicies: management('kms:ListKeyPolicies', 'ListKeyPolicies'),
    PutKeyPolicy: management('kms:PutKeyPolicy', 'PutKeyPolicy', (input: Input<'PutKeyPolicy'>) => ({
      'kms:BypassPolicyLockoutSafetyCheck': input.BypassPolicyLockoutSafetyCheck ?? false,
    })),
    ListResourceTags: management('kms:ListResourceTags', 'ListResourceTags'),
    TagResource: management('kms:TagResource', 'TagResource', (input: Input<'TagResource'>) => requestTagConditions(input.Tags)),
    UntagResource: management('kms:UntagResource', 'UntagResource', (input: Input<'UntagResource'>) =>
      input.TagKeys.length > 0 ? { 'aws:TagKeys': input.TagKeys } : {},
    ),
    EnableKeyRotation: management('kms:EnableKeyRotation', 'EnableKeyRotation', (input: Input<'EnableKeyRotation'>) => ({
      'kms:RotationPeriodInDays': input.RotationPeriodInDays ?? 365,
    })),
    DisableKeyRotation: management('kms:DisableKeyRotation', 'DisableKeyRotation'),
    RotateKeyOnDemand: management('kms:RotateKeyOnDemand', 'RotateKeyOnDemand'),
    ListKeyRotations: management('kms:ListKeyRotations', 'ListKeyRotations'),
    GetKeyRotationStatus: (input: Input<'GetKeyRotationStatus'>, ctx) =>
      one(ctx, { action: 'kms:GetKeyRotationStatus', keyId: input.KeyId, rules: CROSS_ACCOUNT_RULES, quota: 'GetKeyRotationStatus' }),

    // ---- imported key material ----
    GetParametersForImport: management('kms:GetParametersForImport', 'GetParametersForImport', (input: Input<'GetParametersForImport'>) => ({
      'kms:WrappingAlgorithm': input.WrappingAlgorithm,
      'kms:WrappingKeySpec': input.WrappingKeySpec,
    })),
    ImportKeyMaterial: management('kms:ImportKeyMaterial', 'ImportKeyMaterial', (input: Input<'ImportKeyMaterial'>) => ({
      'kms:ExpirationModel': input.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES',
      'kms:ValidTo': input.ValidTo === undefined ? undefined : String(Math.floor(input.ValidTo.getTime() / 1000)),
    })),
    DeleteImportedKeyMaterial: management('kms:DeleteImportedKeyMaterial', 'DeleteImportedKeyMaterial'),

    // ---- multi-Region keys ----
    ReplicateKey: async (input: Input<'ReplicateKey'>, ctx) => {
      const check = await keyCheck(ctx, {
        action: 'kms:ReplicateKey',
        keyId: input.KeyId,
        rules: MANAGEMENT_RULES,
        quota: 'ReplicateKey',
        context: () => ({ 'kms:ReplicaRegion': input.ReplicaRegion }),
      });
      // The replica is created in the other Region: kms:CreateKey (and kms:TagResource for tags) there.
      const replicaContext = { 'aws:RequestedRegion': input.ReplicaRegion, 'kms:MultiRegionKeyType': 'REPLICA', ...requestTagConditions(input.Tags) };
      const checks = [check, starCheck('kms:CreateKey', ctx, replicaContext)];
      if (input.Tags && input.Tags.length > 0) checks.push(starCheck('kms:TagResource', ctx, replicaContext));
      return checks;
    },
    UpdatePrimaryRegion: async (input: Input<'UpdatePrimaryRegion'>, ctx) => {
      const primary = await keyCheck(ctx, {
        action: 'kms:UpdatePrimaryRegion',
        keyId: input.KeyId,
        rules: MANAGEMENT_RULES,
        quota: 'UpdatePrimaryRegion',
        context: () => ({ 'kms:PrimaryRegion': input.PrimaryRegion }),
      });
      const checks = [primary];
      // The replica that becomes primary must allow it too, in its own key policy.
      const key = (primary.resource.loaded as LoadedKey).record;
      const replica = await loadKeyAt(ctx.tx, { ...placeOf(key), region: input.PrimaryRegion }, key.keyId);
      if (replica) checks.push({ action: 'kms:UpdatePrimaryRegion', resource: keyResource(replica), context: { ...callerConditions(ctx), 'kms:PrimaryRegion': input.PrimaryRegion } });
      return checks;
    },

    // ---- grants ----
    CreateGrant: (input: Input<'CreateGrant'>, ctx) => {
      const constraintType = input.Constraints?.EncryptionContextEquals
        ? 'EncryptionContextEquals'
        : input.Constraints?.EncryptionContextSubset
          ? 'EncryptionContextSubset'
          : undefined;
      const constraintContext = input.Constraints?.EncryptionContextEquals ?? input.Constraints?.EncryptionContextSubset;
      return one(ctx, {
        action: 'kms:CreateGrant',
        keyId: input.KeyId,
        rules: CROSS_ACCOUNT_RULES,
        grant: { operation: 'CreateGrant', newGrant: { operations: input.Operations, constraints: input.Constraints } },
        quota: 'CreateGrant',
        grantTokens: input.GrantTokens,
        context: () => ({
          'kms:GranteePrincipal': input.GranteePrincipal,
          'kms:RetiringPrincipal': input.RetiringPrincipal,
          'kms:GrantOperations': input.Operations,
          'kms:GrantIsForAWSResource': false,
          'kms:GrantConstraintType': constraintType,
          ...encryptionContextConditions(constraintContext),
        }),
      });
    },
    ListGrants: (input: Input<'ListGrants'>, ctx) =>
      one(ctx, { action: 'kms:ListGrants', keyId: input.KeyId, rules: CROSS_ACCOUNT_RULES, quota: 'ListGrants' }),
    RevokeGrant: (input: Input<'RevokeGrant'>, ctx) =>
      one(ctx, { action: 'kms:RevokeGrant', keyId: input.KeyId, rules: CROSS_ACCOUNT_RULES, quota: 'RevokeGrant' }),
    RetireGrant: async (input: Input<'RetireGrant'>, ctx) => {
      let keyId: string;
      let grantId: string;
      if (input.GrantToken !== undefined) {
        const token = readGrantToken(deps.keyring, input.GrantToken);
        keyId = token.keyArn;
        grantId = token.grantId;
        if (input.GrantId !== undefined && input.GrantId !== grantId) throw new AwsError('InvalidGrantIdException', 'The grant ID does not match the grant token.');
      } else if (input.KeyId !== undefined && input.GrantId !== undefined) {
        keyId = input.KeyId;
        grantId = input.GrantId;
      } else {
        throw new AwsError('ValidationException', 'Grant token OR (grant ID, key ID) must be specified');
      }
      const resolved = await resolveKey(ctx.tx, deps, callerPlace(ctx), keyId, CROSS_ACCOUNT_RULES);
      const grant = await findGrant(ctx, resolved.loaded, grantId);
      // Who may retire: the retiring principal, or the grantee when the grant allows RetireGrant.
      const names = granteeNames(ctx.principal);
      const byGrant = (grant.retiringPrincipal !== undefined && names.includes(grant.retiringPrincipal)) || grantAllows(grant, names, { operation: 'RetireGrant' });
      deps.quotas.take(resolved.loaded.record.accountId, ctx.region, 'RetireGrant');
      return [{ action: 'kms:RetireGrant', resource: { ...keyResource(resolved.loaded, byGrant), loaded: { key: resolved.loaded, grant } }, context: callerConditions(ctx) }];
    },

    // ---- aliases: the alias (IAM policy) and every key it points at (key policy) ----
    CreateAlias: async (input: Input<'CreateAlias'>, ctx) => {
      validateAliasName(input.AliasName);
      const check = await keyCheck(ctx, { action: 'kms:CreateAlias', keyId: input.TargetKeyId, rules: MANAGEMENT_RULES, quota: 'CreateAlias' });
      return [aliasCheck('kms:CreateAlias', ctx, input.AliasName), check];
    },
    UpdateAlias: async (input: Input<'UpdateAlias'>, ctx) => {
      validateAliasName(input.AliasName);
      const alias = await existingAlias(ctx, input.AliasName);
      const place = callerPlace(ctx);
      const current = await loadKeyAt(ctx.tx, place, alias.targetKeyId);
      const target = await keyCheck(ctx, { action: 'kms:UpdateAlias', keyId: input.TargetKeyId, rules: MANAGEMENT_RULES, quota: 'UpdateAlias' });
      const checks = [aliasCheck('kms:UpdateAlias', ctx, input.AliasName, alias), target];
      if (current) checks.push({ action: 'kms:UpdateAlias', resource: keyResource(current), context: callerConditions(ctx) });
      return checks;
    },
    DeleteAlias: async (input: Input<'DeleteAlias'>, ctx) => {
      validateAliasName(input.AliasName);
      deps.quotas.take(ctx.accountId, ctx.region, 'DeleteAlias');
      const alias = await existingAlias(ctx, input.AliasName);
      const checks = [aliasCheck('kms:DeleteAlias', ctx, input.AliasName, alias)];
      const target = await loadKeyAt(ctx.tx, callerPlace(ctx), alias.targetKeyId);
      if (target) checks.push({ action: 'kms:DeleteAlias', resource: keyResource(target), context: callerConditions(ctx) });
      return checks;
    },
  };
}

function aliasCheck(action: string, ctx: AuthorizationContext, aliasName: string, alias?: AliasRecord): AuthorizationCheck {
  return { action, resource: { arn: aliasArn(callerPlace(ctx), aliasName), accountId: ctx.accountId, loaded: alias }, context: callerConditions(ctx) };
}

async function existingAlias(ctx: AuthorizationContext, aliasName: string): Promise<AliasRecord> {
  const place = callerPlace(ctx);
  const stored = await ctx.tx.get<JsonValue>(aliasStorageKey(place, aliasName));
  if (!stored) throw new AwsError('NotFoundException', `Alias ${aliasArn(place, aliasName)} is not found.`);
  return stored.value as unknown as AliasRecord;
}

const GRANT_ID = /^[0-9a-f]{64}$/;

export async function findGrant(ctx: Pick<AuthorizationContext, 'tx'>, loaded: LoadedKey, grantId: string): Promise<GrantRecord> {
  if (!GRANT_ID.test(grantId)) throw new AwsError('InvalidGrantIdException', `Invalid grant ID: ${grantId}`);
  const stored = await ctx.tx.get<JsonValue>(grantStorageKey(placeOf(loaded.record), loaded.record.keyId, grantId));
  if (!stored) throw new AwsError('NotFoundException', `Grant ID ${grantId} not found.`);
  return stored.value as unknown as GrantRecord;
}


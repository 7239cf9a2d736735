// AWS Key Management Service (json protocol). Handlers are keyed by the exact AWS operation name; the
// domain model is in key-record.ts (keys, material, storage), key-specs.ts, key-states.ts,
// ciphertext.ts and material.ts; authorization.ts says what each operation must be allowed;
// internal.ts is the API other services encrypt through.
import type { EvaluationRequest, EvaluationResult } from '../../iam/types.js';
import type { ServiceDeps } from '../index.js';
import type { HandlerContext, ServiceDefinition } from '../types.js';
import { defineService } from '../types.js';
import { CreateAlias, DeleteAlias, ListAliases, UpdateAlias } from './alias-operations.js';
import { kmsAuthorization } from './authorization.js';
import { CreateKey } from './create-key.js';
import { Decrypt } from './decrypt.js';
import type { KmsDeps } from './deps.js';
import { DeriveSharedSecret } from './derive-shared-secret.js';
import { DescribeKey } from './describe-key.js';
import { DisableKey, EnableKey } from './enable-disable-key.js';
import { Encrypt } from './encrypt.js';
import { GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext } from './generate-data-key-pair.js';
import { GenerateDataKey, GenerateDataKeyWithoutPlaintext } from './generate-data-key.js';
import { GenerateRandom } from './generate-random.js';
import { GetPublicKey } from './get-public-key.js';
import { CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant } from './grant-operations.js';
import { createKmsInternalApi, type KmsInternalApi } from './internal.js';
import { kmsJobs } from './jobs.js';
import { CancelKeyDeletion, ScheduleKeyDeletion } from './key-deletion.js';
import { DeleteImportedKeyMaterial, GetParametersForImport, ImportKeyMaterial } from './key-import.js';
import { GetKeyPolicy, ListKeyPolicies, PutKeyPolicy } from './key-policy-operations.js';
import { ListKeys } from './list-keys.js';
import { GenerateMac, VerifyMac } from './mac.js';
import { MaterialCache } from './material.js';
import { ReplicateKey, UpdatePrimaryRegion } from './multi-region.js';
import { parseQuotaSettings, RequestQuotas, type QuotaSettings } from './quotas.js';
import { ReEncrypt } from './re-encrypt.js';
import { DisableKeyRotation, EnableKeyRotation, GetKeyRotationStatus, ListKeyRotations, RotateKeyOnDemand } from './rotation.js';
import { Sign, Verify } from './sign-verify.js';
import { ListResourceTags, TagResource, UntagResource } from './tag-operations.js';
import { UpdateKeyDescription } from './update-key-description.js';

export type { KmsInternalApi } from './internal.js';

export interface KmsOptions {
  /** The IAM evaluator, for the key policy lockout safety check. */
  evaluate?: (request: EvaluationRequest) => EvaluationResult;
  /** Request quotas (RAMPART_KMS_QUOTAS, see quotas.ts); default: AWS's. */
  quotas?: QuotaSettings;
  /** Processes serving requests, each enforcing its share of every quota; default 1. */
  workers?: number;
}

/** The KMS service and the API other services use; both share one material cache and one set of quotas. */
export function createKms(deps: Partial<ServiceDeps>, options: KmsOptions = {}): { service: ServiceDefinition; internal: KmsInternalApi } {
  const kms: KmsDeps = {
    keyring: deps.keyring!,
    scheduler: deps.scheduler!,
    clock: deps.clock!,
    logger: deps.logger!,
    materials: new MaterialCache(deps.keyring!),
    quotas: new RequestQuotas(options.quotas ?? parseQuotaSettings(undefined), options.workers ?? 1),
    evaluate: options.evaluate,
  };
  const withDeps =
    <I, O>(handler: (input: I, ctx: HandlerContext, deps: KmsDeps) => O) =>
    (input: I, ctx: HandlerContext) =>
      handler(input, ctx, kms);

  const service = defineService({
    id: 'kms',
    internalError: 'KMSInternalException',
    handlers: {
      GenerateRandom,
      CreateKey: withDeps(CreateKey),
      DescribeKey,
      ListKeys,
      UpdateKeyDescription,
      EnableKey,
      DisableKey,
      ScheduleKeyDeletion: withDeps(ScheduleKeyDeletion),
      CancelKeyDeletion: withDeps(CancelKeyDeletion),
      Encrypt: withDeps(Encrypt),
      Decrypt: withDeps(Decrypt),
      ReEncrypt: withDeps(ReEncrypt),
      GenerateDataKey: withDeps(GenerateDataKey),
      GenerateDataKeyWithoutPlaintext: withDeps(GenerateDataKeyWithoutPlaintext),
      GenerateDataKeyPair: withDeps(GenerateDataKeyPair),
      GenerateDataKeyPairWithoutPlaintext: withDeps(GenerateDataKeyPairWithoutPlaintext),
      GetPublicKey,
      Sign: withDeps(Sign),
      Verify,
      GenerateMac: withDeps(GenerateMac),
      VerifyMac: withDeps(VerifyMac),
      DeriveSharedSecret: withDeps(DeriveSharedSecret),
      CreateAlias,
      UpdateAlias,
      DeleteAlias,
      ListAliases,
      GetKeyPolicy,
      PutKeyPolicy: withDeps(PutKeyPolicy),
      ListKeyPolicies,
      TagResource,
      UntagResource,
      ListResourceTags,
      EnableKeyRotation: withDeps(EnableKeyRotation),
      DisableKeyRotation: withDeps(DisableKeyRotation),
      GetKeyRotationStatus,
      RotateKeyOnDemand: withDeps(RotateKeyOnDemand),
      ListKeyRotations,
      GetParametersForImport: withDeps(GetParametersForImport),
      ImportKeyMaterial: withDeps(ImportKeyMaterial),
      DeleteImportedKeyMaterial: withDeps(DeleteImportedKeyMaterial),
      CreateGrant: withDeps(CreateGrant),
      ListGrants,
      ListRetirableGrants,
      RetireGrant,
      RevokeGrant,
      ReplicateKey: withDeps(ReplicateKey),
      UpdatePrimaryRegion: withDeps(UpdatePrimaryRegion),
    },
    authorization: kmsAuthorization(kms),
    jobs: kmsJobs(kms),
  });
  return { service, internal: createKmsInternalApi(kms) };
}

// The KMS API other Rampart services use inside their own request, without HTTP: Parameter Store
// SecureStrings, Secrets Manager secrets and S3 objects are encrypted under KMS keys "via" the
// service (kms:ViaService = <service>.<region>.amazonaws.com), and the caller's permissions on the key
// are still checked.
//
// Authorization works the way it does for KMS's own operations: the calling operation's authorization
// entry adds the KMS check this module builds (authorize*) to its own checks, so the pipeline's IAM
// evaluation decides both (key policy, grants, kms:ViaService, kms:EncryptionContext:*) before the
// handler runs; the handler then performs the cryptography (encrypt, decrypt, generateDataKey) with
// the check the pipeline allowed, in the same transaction. Request quotas count against the key
// owner's account as for direct calls. Errors are KMS's (NotFoundException, DisabledException,
// KMSInvalidStateException, InvalidCiphertextException, ...): the calling service maps them to its own.
import type { DataKeySpec, KeyMetadata } from '../../generated/kms/types.js';
import { partitionOf } from '../../identity/partitions.js';
import type { Transaction } from '../../storage/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import { createKeyChecks } from './authorization.js';
import { decryptSymmetric, encryptSymmetric, requireSymmetric, usableKey } from './crypto-common.js';
import type { KmsDeps } from './deps.js';
import { encryptionContextConditions } from './encryption-context.js';
import { keyMetadata } from './key-metadata.js';
import type { LoadedKey } from './key-record.js';
import { ensureAwsManagedKey } from './managed-keys.js';
import { CRYPTO_RULES } from './resolve.js';
import { randomBytes } from 'node:crypto';

type Context = Readonly<Record<string, string>> | undefined;

export interface ViaService {
  /** The calling service's endpoint prefix: "ssm", "secretsmanager", "s3". */
  service: string;
}

export interface KmsInternalApi {
  authorizeEncrypt(ctx: AuthorizationContext, request: ViaService & { keyId: string; encryptionContext?: Context }): Promise<AuthorizationCheck>;
  authorizeGenerateDataKey(ctx: AuthorizationContext, request: ViaService & { keyId: string; encryptionContext?: Context }): Promise<AuthorizationCheck>;
  authorizeDecrypt(ctx: AuthorizationContext, request: ViaService & { ciphertextBlob: Uint8Array; keyId?: string; encryptionContext?: Context }): Promise<AuthorizationCheck>;
  authorizeDescribeKey(ctx: AuthorizationContext, request: ViaService & { keyId: string }): Promise<AuthorizationCheck>;
  encrypt(check: AuthorizationCheck, plaintext: Uint8Array, encryptionContext?: Context): { ciphertextBlob: Buffer; keyArn: string };
  generateDataKey(check: AuthorizationCheck, request: { keySpec?: DataKeySpec; numberOfBytes?: number; encryptionContext?: Context }): { plaintext: Buffer; ciphertextBlob: Buffer; keyArn: string };
  decrypt(check: AuthorizationCheck, ciphertextBlob: Uint8Array, encryptionContext?: Context): { plaintext: Buffer; keyArn: string };
  describeKey(check: AuthorizationCheck): KeyMetadata;
  /** The AWS managed key alias/aws/<service> (created on first use), e.g. ensureAwsManagedKey(tx, account, region, 'aws/ssm'). */
  ensureAwsManagedKey(tx: Transaction, accountId: string, region: string, alias: string, now?: number): Promise<{ keyId: string; arn: string }>;
}

const viaServiceName = (service: string, region: string, partition: string) =>
  `${service}.${region}.${partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}`;

const loadedOf = (check: AuthorizationCheck) => check.resource.loaded as LoadedKey;

export function createKmsInternalApi(deps: KmsDeps): KmsInternalApi {
  const { keyCheck, checkFor, keyOfBlob } = createKeyChecks(deps);
  const via = (ctx: AuthorizationContext, service: string) => viaServiceName(service, ctx.region, ctx.partition);
  // A service may name its own AWS managed key by alias before the key exists.
  const rules = { ...CRYPTO_RULES, createsManagedKey: true };

  return {
    authorizeEncrypt: (ctx, request) =>
      keyCheck(ctx, {
        action: 'kms:Encrypt',
        keyId: request.keyId,
        rules,
        grant: { operation: 'Encrypt', encryptionContext: request.encryptionContext },
        quota: 'cryptographic',
        viaService: via(ctx, request.service),
        context: () => ({ ...encryptionContextConditions(request.encryptionContext), 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' }),
      }),
    authorizeGenerateDataKey: (ctx, request) =>
      keyCheck(ctx, {
        action: 'kms:GenerateDataKey',
        keyId: request.keyId,
        rules,
        grant: { operation: 'GenerateDataKey', encryptionContext: request.encryptionContext },
        quota: 'cryptographic',
        viaService: via(ctx, request.service),
        context: () => encryptionContextConditions(request.encryptionContext),
      }),
    authorizeDecrypt: async (ctx, request) => {
      const spec = {
        action: 'kms:Decrypt',
        keyId: request.keyId ?? '',
        rules,
        grant: { operation: 'Decrypt' as const, encryptionContext: request.encryptionContext },
        quota: 'cryptographic',
        viaService: via(ctx, request.service),
        context: () => ({ ...encryptionContextConditions(request.encryptionContext), 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' }),
      };
      if (request.keyId !== undefined) return keyCheck(ctx, spec);
      return checkFor(ctx, spec, await keyOfBlob(ctx, request.ciphertextBlob));
    },
    authorizeDescribeKey: (ctx, request) =>
      keyCheck(ctx, { action: 'kms:DescribeKey', keyId: request.keyId, rules, grant: { operation: 'DescribeKey' }, quota: 'DescribeKey', viaService: via(ctx, request.service) }),

    encrypt(check, plaintext, encryptionContext) {
      const loaded = loadedOf(check);
      const key = usableKey(loaded, 'ENCRYPT_DECRYPT', 'Encrypt');
      requireSymmetric(key, 'Encrypt');
      return { ciphertextBlob: encryptSymmetric(deps, loaded, plaintext, encryptionContext).blob, keyArn: key.arn };
    },
    generateDataKey(check, request) {
      const loaded = loadedOf(check);
      const key = usableKey(loaded, 'ENCRYPT_DECRYPT', 'GenerateDataKey');
      requireSymmetric(key, 'GenerateDataKey');
      const plaintext = randomBytes(request.keySpec === 'AES_128' ? 16 : request.numberOfBytes ?? 32);
      return { plaintext, ciphertextBlob: encryptSymmetric(deps, loaded, plaintext, request.encryptionContext).blob, keyArn: key.arn };
    },
    decrypt(check, ciphertextBlob, encryptionContext) {
      const loaded = loadedOf(check);
      const key = usableKey(loaded, 'ENCRYPT_DECRYPT', 'Decrypt');
      requireSymmetric(key, 'Decrypt');
      return { plaintext: decryptSymmetric(deps, loaded, ciphertextBlob, encryptionContext).plaintext, keyArn: key.arn };
    },
    describeKey: (check) => keyMetadata(loadedOf(check)),
    async ensureAwsManagedKey(tx, accountId, region, alias, now = deps.clock.now()) {
      const service = alias.replace(/^alias\//, '').replace(/^aws\//, '');
      const loaded = await ensureAwsManagedKey(tx, deps, { partition: partitionOf(region), accountId, region, now }, service);
      return { keyId: loaded.record.keyId, arn: loaded.record.arn };
    },
  };
}

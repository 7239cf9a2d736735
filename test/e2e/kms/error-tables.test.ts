// Every error the KMS API reference lists for Encrypt, Decrypt, CreateKey, ScheduleKeyDeletion,
// CreateGrant and ImportKeyMaterial: each one Rampart can answer is produced by a request and its
// code checked; the ones that cannot occur here are listed with the reason.
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import {
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EncryptCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  ScheduleKeyDeletionCommand,
  type KMS,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyStorageKey, type KeyRecord } from '../../../src/services/kms/key-record.js';
import type { JsonValue } from '../../../src/storage/types.js';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { bytes, createKey, failure, kmsClient } from './support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;
type Case = [error: string, request: () => Promise<unknown>];

/** Errors of the model that Rampart cannot produce, and why. */
const CANNOT_OCCUR: Record<string, string> = {
  DependencyTimeoutException: 'Rampart calls no external dependency while serving KMS (no CloudHSM, no external key store proxy).',
  KMSInternalException: 'Raised only for an unexpected internal failure (then the pipeline answers it); no request can cause one on purpose.',
  KeyUnavailableException: 'Only KMS keys in a custom key store become unavailable; Rampart has no custom key stores.',
  CustomKeyStoreInvalidStateException: 'Rampart has no custom key stores (CreateKey with CustomKeyStoreId answers CustomKeyStoreNotFoundException).',
  CloudHsmClusterInvalidConfigurationException: 'Rampart has no CloudHSM key stores.',
  XksKeyInvalidConfigurationException: 'Rampart has no external key stores.',
  XksKeyAlreadyInUseException: 'Rampart has no external key stores.',
  XksKeyNotFoundException: 'Rampart has no external key stores.',
  'CreateKey InvalidArnException':
    'A CreateKey request names no ARN outside its policy, and AWS answers invalid principal ARNs in a key policy with MalformedPolicyDocumentException, as Rampart does.',
};

describe.each(testBackends())('the errors of six operations on %s', (backend) => {
  let server: Server;
  let kms: KMS;
  const missingKey = '11111111-2222-3333-4444-555555555555';
  const badArn = 'arn:aws:kms:us-east-1:000000000000:key';

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
    kms = await kmsClient(server);
  });
  afterAll(() => server?.destroy());

  async function check(operation: string, listed: string[], cases: Case[]) {
    const covered = new Set(cases.map(([error]) => error));
    for (const error of listed) {
      const reason = CANNOT_OCCUR[`${operation} ${error}`] ?? CANNOT_OCCUR[error];
      expect(covered.has(error) || reason !== undefined, `${operation} ${error} is neither tested nor explained`).toBe(true);
    }
    for (const [error, request] of cases) expect((await failure(request())).name, `${operation} ${error}`).toBe(error);
  }

  async function pendingDeletionKey(input = {}) {
    const key = await createKey(kms, input);
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    return key;
  }
  async function disabledKey() {
    const key = await createKey(kms);
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    return key;
  }

  it('Encrypt', async () => {
    const key = await createKey(kms);
    const hmac = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const disabled = await disabledKey();
    const pending = await pendingDeletionKey();
    const encrypt = (KeyId: string, extra = {}) => kms.send(new EncryptCommand({ KeyId, Plaintext: bytes('x'), ...extra }));
    await check(
      'Encrypt',
      ['NotFoundException', 'DisabledException', 'KeyUnavailableException', 'DependencyTimeoutException', 'InvalidKeyUsageException', 'InvalidGrantTokenException', 'KMSInternalException', 'KMSInvalidStateException', 'DryRunOperationException'],
      [
        ['NotFoundException', () => encrypt(missingKey)],
        ['DisabledException', () => encrypt(disabled.KeyId!)],
        ['InvalidKeyUsageException', () => encrypt(hmac.KeyId!)],
        ['InvalidGrantTokenException', () => encrypt(key.KeyId!, { GrantTokens: ['forged'] })],
        ['KMSInvalidStateException', () => encrypt(pending.KeyId!)],
        ['DryRunOperationException', () => encrypt(key.KeyId!, { DryRun: true })],
      ],
    );
  });

  it('Decrypt', async () => {
    const key = await createKey(kms);
    const other = await createKey(kms);
    const signing = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const blob = (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('x') }))).CiphertextBlob!;
    const disabled = await createKey(kms);
    const disabledBlob = (await kms.send(new EncryptCommand({ KeyId: disabled.KeyId, Plaintext: bytes('x') }))).CiphertextBlob!;
    await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
    const external = await createKey(kms, { Origin: 'EXTERNAL' });
    const orphan = Buffer.from(blob);
    orphan.write(missingKey, 13, 36, 'latin1');
    const decrypt = (extra: object) => kms.send(new DecryptCommand({ CiphertextBlob: blob, ...extra }));
    await check(
      'Decrypt',
      ['NotFoundException', 'DisabledException', 'InvalidCiphertextException', 'KeyUnavailableException', 'IncorrectKeyException', 'InvalidKeyUsageException', 'DependencyTimeoutException', 'InvalidGrantTokenException', 'KMSInternalException', 'KMSInvalidStateException', 'DryRunOperationException'],
      [
        ['NotFoundException', () => decrypt({ CiphertextBlob: orphan })],
        ['DisabledException', () => decrypt({ CiphertextBlob: disabledBlob })],
        ['InvalidCiphertextException', () => decrypt({ EncryptionContext: { not: 'bound' } })],
        ['IncorrectKeyException', () => decrypt({ KeyId: other.KeyId })],
        ['InvalidKeyUsageException', () => decrypt({ KeyId: signing.KeyId })],
        ['InvalidGrantTokenException', () => decrypt({ GrantTokens: ['forged'] })],
        ['KMSInvalidStateException', () => decrypt({ KeyId: external.KeyId })],
        ['DryRunOperationException', () => decrypt({ DryRun: true })],
      ],
    );
  });

  it('CreateKey', async () => {
    const create = (input: object) => kms.send(new CreateKeyCommand(input));
    await check(
      'CreateKey',
      ['MalformedPolicyDocumentException', 'DependencyTimeoutException', 'InvalidArnException', 'UnsupportedOperationException', 'KMSInternalException', 'LimitExceededException', 'TagException', 'CustomKeyStoreNotFoundException', 'CustomKeyStoreInvalidStateException', 'CloudHsmClusterInvalidConfigurationException', 'XksKeyInvalidConfigurationException', 'XksKeyAlreadyInUseException', 'XksKeyNotFoundException'],
      [
        ['MalformedPolicyDocumentException', () => create({ Policy: '{"Statement": [' })],
        ['UnsupportedOperationException', () => create({ KeySpec: 'SM2', KeyUsage: 'ENCRYPT_DECRYPT' })],
        ['LimitExceededException', () => create({ Tags: Array.from({ length: 51 }, (_, i) => ({ TagKey: `t${i}`, TagValue: '' })) })],
        ['TagException', () => create({ Tags: [{ TagKey: 'aws:mine', TagValue: 'x' }] })],
        ['CustomKeyStoreNotFoundException', () => create({ CustomKeyStoreId: 'cks-0123456789abcdef0' })],
      ],
    );
  });

  it('ScheduleKeyDeletion', async () => {
    const pending = await pendingDeletionKey();
    await check(
      'ScheduleKeyDeletion',
      ['NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException', 'KMSInvalidStateException'],
      [
        ['NotFoundException', () => kms.send(new ScheduleKeyDeletionCommand({ KeyId: missingKey }))],
        ['InvalidArnException', () => kms.send(new ScheduleKeyDeletionCommand({ KeyId: badArn }))],
        ['KMSInvalidStateException', () => kms.send(new ScheduleKeyDeletionCommand({ KeyId: pending.KeyId }))],
      ],
    );
  });

  it('CreateGrant', async () => {
    const key = await createKey(kms);
    const disabled = await disabledKey();
    const pending = await pendingDeletionKey();
    const full = await createKey(kms);
    // 50,000 grants per key: set the key's grant count as if it had them, rather than making 50,000.
    const place = { partition: 'aws', accountId: full.AWSAccountId!, region: 'us-east-1' };
    await server.server.store.transaction(async (tx) => {
      const stored = await tx.get<JsonValue>(keyStorageKey(place, full.KeyId!));
      tx.put(stored!.key, { ...(stored!.value as unknown as KeyRecord), grantCount: 50_000 } as unknown as JsonValue);
    });
    const grantee = `arn:aws:iam::${key.AWSAccountId}:role/app`;
    const grant = (KeyId: string, extra = {}) => kms.send(new CreateGrantCommand({ KeyId, GranteePrincipal: grantee, Operations: ['Decrypt'], ...extra }));
    await check(
      'CreateGrant',
      ['NotFoundException', 'DisabledException', 'DependencyTimeoutException', 'InvalidArnException', 'KMSInternalException', 'InvalidGrantTokenException', 'LimitExceededException', 'KMSInvalidStateException', 'DryRunOperationException'],
      [
        ['NotFoundException', () => grant(missingKey)],
        ['DisabledException', () => grant(disabled.KeyId!)],
        ['InvalidArnException', () => grant(key.KeyId!, { GranteePrincipal: 'not-an-arn' })],
        ['InvalidGrantTokenException', () => grant(key.KeyId!, { GrantTokens: ['forged'] })],
        ['LimitExceededException', () => grant(full.KeyId!)],
        ['KMSInvalidStateException', () => grant(pending.KeyId!)],
        ['DryRunOperationException', () => grant(key.KeyId!, { DryRun: true })],
      ],
    );
  });

  it('ImportKeyMaterial', async () => {
    // A token 24 hours old: made before the development clock moves a day.
    const expiring = await createKey(kms, { Origin: 'EXTERNAL' });
    const expiringParams = await kms.send(new GetParametersForImportCommand({ KeyId: expiring.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    await server.advanceClock(86_400 + 60);
    kms = await kmsClient(server);
    const external = await createKey(kms, { Origin: 'EXTERNAL' });
    const generated = await createKey(kms);
    const pending = await pendingDeletionKey({ Origin: 'EXTERNAL' });
    const params = await kms.send(new GetParametersForImportCommand({ KeyId: external.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    const wrap = (material: Buffer) =>
      publicEncrypt({ key: createPublicKey({ key: Buffer.from(params.PublicKey!), format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material);
    const material = randomBytes(32);
    const importInto = (KeyId: string, extra = {}) =>
      kms.send(new ImportKeyMaterialCommand({ KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrap(material), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ...extra }));
    await importInto(external.KeyId!);
    await check(
      'ImportKeyMaterial',
      ['InvalidArnException', 'UnsupportedOperationException', 'DependencyTimeoutException', 'NotFoundException', 'KMSInternalException', 'KMSInvalidStateException', 'InvalidCiphertextException', 'IncorrectKeyMaterialException', 'ExpiredImportTokenException', 'InvalidImportTokenException'],
      [
        ['InvalidArnException', () => importInto(badArn)],
        ['UnsupportedOperationException', () => importInto(generated.KeyId!)],
        ['NotFoundException', () => importInto(missingKey)],
        ['KMSInvalidStateException', () => importInto(pending.KeyId!)],
        ['InvalidCiphertextException', () => importInto(external.KeyId!, { EncryptedKeyMaterial: randomBytes(256) })],
        ['IncorrectKeyMaterialException', () => importInto(external.KeyId!, { EncryptedKeyMaterial: wrap(randomBytes(32)), ImportType: 'EXISTING_KEY_MATERIAL' })],
        ['ExpiredImportTokenException', () => importInto(expiring.KeyId!, { ImportToken: expiringParams.ImportToken })],
        ['InvalidImportTokenException', () => importInto(expiring.KeyId!)],
      ],
    );
  });
});

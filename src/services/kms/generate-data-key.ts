// GenerateDataKey and GenerateDataKeyWithoutPlaintext: random bytes (KeySpec AES_128/AES_256 or
// NumberOfBytes 1..1024, exactly one of them) returned encrypted under a symmetric key, and in the
// clear for GenerateDataKey.
import { randomBytes } from 'node:crypto';
import { AwsError } from '../../errors.js';
import type {
  DataKeySpec,
  GenerateDataKeyRequest,
  GenerateDataKeyResponse,
  GenerateDataKeyWithoutPlaintextRequest,
  GenerateDataKeyWithoutPlaintextResponse,
} from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { dryRunRefusal, encryptSymmetric, refuseRecipient, requireSymmetric, usableKey } from './crypto-common.js';
import type { KmsDeps } from './deps.js';

function dataKeyLength(keySpec: DataKeySpec | undefined, numberOfBytes: number | undefined): number {
  if ((keySpec === undefined) === (numberOfBytes === undefined)) {
    throw new AwsError('ValidationException', 'Please specify either number of bytes or key spec.');
  }
  return keySpec === 'AES_128' ? 16 : keySpec === 'AES_256' ? 32 : numberOfBytes!;
}

function generate(input: GenerateDataKeyWithoutPlaintextRequest, ctx: HandlerContext, deps: KmsDeps, operation: string) {
  const loaded = checkedKey(ctx);
  const key = usableKey(loaded, 'ENCRYPT_DECRYPT', operation);
  requireSymmetric(key, operation);
  const length = dataKeyLength(input.KeySpec, input.NumberOfBytes);
  if (input.DryRun) throw dryRunRefusal();
  const plaintext = randomBytes(length);
  const { blob, materialId } = encryptSymmetric(deps, loaded, plaintext, input.EncryptionContext);
  return { plaintext, blob, keyArn: key.arn, materialId };
}

export function GenerateDataKey(input: GenerateDataKeyRequest, ctx: HandlerContext, deps: KmsDeps): GenerateDataKeyResponse {
  refuseRecipient(input.Recipient);
  const made = generate(input, ctx, deps, 'GenerateDataKey');
  return { CiphertextBlob: made.blob, Plaintext: made.plaintext, KeyId: made.keyArn, KeyMaterialId: made.materialId };
}

export function GenerateDataKeyWithoutPlaintext(input: GenerateDataKeyWithoutPlaintextRequest, ctx: HandlerContext, deps: KmsDeps): GenerateDataKeyWithoutPlaintextResponse {
  const made = generate(input, ctx, deps, 'GenerateDataKeyWithoutPlaintext');
  made.plaintext.fill(0);
  return { CiphertextBlob: made.blob, KeyId: made.keyArn, KeyMaterialId: made.materialId };
}

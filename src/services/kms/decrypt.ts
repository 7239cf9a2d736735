// Decrypt: a symmetric blob names its key and backing-key version, so no key id is needed (a KeyId
// naming another key is IncorrectKeyException); RSA ciphertexts need the key and the algorithm.
import { AwsError } from '../../errors.js';
import type { DecryptRequest, DecryptResponse } from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { decryptRsa, decryptSymmetric, dryRunRefusal, encryptionAlgorithmFor, refuseRecipient, usableKey } from './crypto-common.js';
import type { KmsDeps } from './deps.js';

export function Decrypt(input: DecryptRequest, ctx: HandlerContext, deps: KmsDeps): DecryptResponse {
  refuseRecipient(input.Recipient);
  const loaded = checkedKey(ctx);
  const key = usableKey(loaded, 'ENCRYPT_DECRYPT', 'Decrypt');
  const algorithm = encryptionAlgorithmFor(key, input.EncryptionAlgorithm);
  if (input.DryRun && (input.DryRunModifiers ?? []).includes('IGNORE_CIPHERTEXT')) throw dryRunRefusal();
  if (input.CiphertextBlob === undefined) {
    throw new AwsError('ValidationException', "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
  }
  if (algorithm === 'SYMMETRIC_DEFAULT') {
    const { plaintext, materialId } = decryptSymmetric(deps, loaded, input.CiphertextBlob, input.EncryptionContext);
    if (input.DryRun) throw dryRunRefusal();
    return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: algorithm, KeyMaterialId: materialId };
  }
  const plaintext = decryptRsa(deps, loaded, algorithm, input.CiphertextBlob, input.EncryptionContext);
  if (input.DryRun) throw dryRunRefusal();
  return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: algorithm };
}

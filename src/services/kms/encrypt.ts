// Encrypt: up to 4,096 bytes (the model's limit) under a symmetric key, bound to the encryption
// context, or under an RSA key with RSAES-OAEP within AWS's size limit per key size.
import type { EncryptRequest, EncryptResponse } from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { dryRunRefusal, encryptionAlgorithmFor, encryptRsa, encryptSymmetric, usableKey } from './crypto-common.js';
import type { KmsDeps } from './deps.js';

export function Encrypt(input: EncryptRequest, ctx: HandlerContext, deps: KmsDeps): EncryptResponse {
  const loaded = checkedKey(ctx);
  const key = usableKey(loaded, 'ENCRYPT_DECRYPT', 'Encrypt');
  const algorithm = encryptionAlgorithmFor(key, input.EncryptionAlgorithm);
  if (algorithm === 'SYMMETRIC_DEFAULT') {
    if (input.DryRun) throw dryRunRefusal();
    const { blob } = encryptSymmetric(deps, loaded, input.Plaintext, input.EncryptionContext);
    return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: algorithm };
  }
  const ciphertext = encryptRsa(loaded, algorithm, input.Plaintext, input.EncryptionContext);
  if (input.DryRun) throw dryRunRefusal();
  return { CiphertextBlob: ciphertext, KeyId: key.arn, EncryptionAlgorithm: algorithm };
}

// ReEncrypt: decrypt under the source key (kms:ReEncryptFrom) and encrypt under the destination key
// (kms:ReEncryptTo) without the plaintext leaving KMS; each side may be symmetric or RSA.
import { AwsError } from '../../errors.js';
import type { ReEncryptRequest, ReEncryptResponse } from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { decryptRsa, decryptSymmetric, dryRunRefusal, encryptionAlgorithmFor, encryptRsa, encryptSymmetric, usableKey } from './crypto-common.js';
import type { KmsDeps } from './deps.js';

export function ReEncrypt(input: ReEncryptRequest, ctx: HandlerContext, deps: KmsDeps): ReEncryptResponse {
  const source = checkedKey(ctx, 0);
  const destination = checkedKey(ctx, 1);
  const sourceKey = usableKey(source, 'ENCRYPT_DECRYPT', 'ReEncrypt');
  const destinationKey = usableKey(destination, 'ENCRYPT_DECRYPT', 'ReEncrypt');
  const sourceAlgorithm = encryptionAlgorithmFor(sourceKey, input.SourceEncryptionAlgorithm);
  const destinationAlgorithm = encryptionAlgorithmFor(destinationKey, input.DestinationEncryptionAlgorithm);
  if (input.DryRun && (input.DryRunModifiers ?? []).includes('IGNORE_CIPHERTEXT')) throw dryRunRefusal();
  if (input.CiphertextBlob === undefined) {
    throw new AwsError('ValidationException', "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
  }
  const response: ReEncryptResponse = {
    SourceKeyId: sourceKey.arn,
    KeyId: destinationKey.arn,
    SourceEncryptionAlgorithm: sourceAlgorithm,
    DestinationEncryptionAlgorithm: destinationAlgorithm,
  };
  let plaintext: Buffer;
  if (sourceAlgorithm === 'SYMMETRIC_DEFAULT') {
    const opened = decryptSymmetric(deps, source, input.CiphertextBlob, input.SourceEncryptionContext);
    plaintext = opened.plaintext;
    response.SourceKeyMaterialId = opened.materialId;
  } else {
    plaintext = decryptRsa(deps, source, sourceAlgorithm, input.CiphertextBlob, input.SourceEncryptionContext);
  }
  if (destinationAlgorithm === 'SYMMETRIC_DEFAULT') {
    if (input.DryRun) throw dryRunRefusal();
    const sealed = encryptSymmetric(deps, destination, plaintext, input.DestinationEncryptionContext);
    response.CiphertextBlob = sealed.blob;
    response.DestinationKeyMaterialId = sealed.materialId;
  } else {
    response.CiphertextBlob = encryptRsa(destination, destinationAlgorithm, plaintext, input.DestinationEncryptionContext);
    if (input.DryRun) throw dryRunRefusal();
  }
  plaintext.fill(0);
  return response;
}

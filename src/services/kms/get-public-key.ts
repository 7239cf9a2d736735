// GetPublicKey: the public key of an asymmetric key as DER SubjectPublicKeyInfo, with what it is for.
import { AwsError } from '../../errors.js';
import type { GetPublicKeyRequest, GetPublicKeyResponse } from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { currentMaterial } from './key-record.js';
import { assertKeyState } from './key-states.js';
import { KEY_SPECS } from './key-specs.js';

export function GetPublicKey(_input: GetPublicKeyRequest, ctx: HandlerContext): GetPublicKeyResponse {
  const loaded = checkedKey(ctx);
  const key = loaded.record;
  assertKeyState(key, 'usable');
  const spec = KEY_SPECS[key.keySpec];
  if (spec.family !== 'rsa' && spec.family !== 'ecc') {
    throw new AwsError('UnsupportedOperationException', `${key.arn} key spec ${key.keySpec} has no public key: GetPublicKey is valid only for asymmetric KMS keys.`);
  }
  const material = currentMaterial(loaded)!;
  const response: GetPublicKeyResponse = {
    KeyId: key.arn,
    PublicKey: Buffer.from(material.publicKey!, 'base64'),
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    KeyUsage: key.keyUsage,
  };
  if (key.keyUsage === 'ENCRYPT_DECRYPT') response.EncryptionAlgorithms = [...spec.encryptionAlgorithms!];
  if (key.keyUsage === 'SIGN_VERIFY') response.SigningAlgorithms = [...spec.signingAlgorithms!];
  if (key.keyUsage === 'KEY_AGREEMENT') response.KeyAgreementAlgorithms = [...spec.keyAgreementAlgorithms!];
  return response;
}

// Sign and Verify with asymmetric SIGN_VERIFY keys: RSASSA-PSS, RSASSA-PKCS1-v1_5 and ECDSA (the one
// the key's curve allows), over a RAW message (at most 4,096 bytes, the model's limit) or a DIGEST of
// exactly the algorithm's hash length. Verify answers KMSInvalidSignatureException for a signature
// that does not verify, as AWS does.
import { createPublicKey } from 'node:crypto';
import { AwsError } from '../../errors.js';
import type { MessageType, SignRequest, SignResponse, SigningAlgorithmSpec, VerifyRequest, VerifyResponse } from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { dryRunRefusal, incompatibleAlgorithm, usableKey } from './crypto-common.js';
import type { KmsDeps } from './deps.js';
import { currentMaterial, type KeyRecord, type LoadedKey } from './key-record.js';
import { DIGEST_BYTES, hashOf, KEY_SPECS } from './key-specs.js';
import { signMessage, verifySignature } from './signatures.js';

function prepare(loaded: LoadedKey, operation: string, algorithm: SigningAlgorithmSpec, message: Uint8Array, messageType: MessageType | undefined): { key: KeyRecord; digest: boolean } {
  const key = usableKey(loaded, 'SIGN_VERIFY', operation);
  if (!(KEY_SPECS[key.keySpec].signingAlgorithms ?? []).includes(algorithm)) throw incompatibleAlgorithm(algorithm, key);
  const type = messageType ?? 'RAW';
  if (type === 'EXTERNAL_MU') throw new AwsError('ValidationException', 'MessageType EXTERNAL_MU is valid only for ML-DSA keys.');
  if (type === 'DIGEST' && message.length !== DIGEST_BYTES[hashOf(algorithm)]) {
    throw new AwsError('ValidationException', `Digest is invalid length for algorithm ${algorithm}.`);
  }
  return { key, digest: type === 'DIGEST' };
}

export async function Sign(input: SignRequest, ctx: HandlerContext, deps: KmsDeps): Promise<SignResponse> {
  const loaded = checkedKey(ctx);
  const { key, digest } = prepare(loaded, 'Sign', input.SigningAlgorithm, input.Message, input.MessageType);
  if (input.DryRun) throw dryRunRefusal();
  const opened = deps.materials.open(key, currentMaterial(loaded)!);
  if (opened?.kind !== 'private-key') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending import.`);
  const signature = await signMessage(opened.key, input.SigningAlgorithm, Buffer.from(input.Message), digest);
  return { KeyId: key.arn, Signature: signature, SigningAlgorithm: input.SigningAlgorithm };
}

export async function Verify(input: VerifyRequest, ctx: HandlerContext): Promise<VerifyResponse> {
  const loaded = checkedKey(ctx);
  const { key, digest } = prepare(loaded, 'Verify', input.SigningAlgorithm, input.Message, input.MessageType);
  if (input.DryRun) throw dryRunRefusal();
  const material = currentMaterial(loaded)!;
  const publicKey = createPublicKey({ key: Buffer.from(material.publicKey!, 'base64'), format: 'der', type: 'spki' });
  const valid = await verifySignature(publicKey, input.SigningAlgorithm, Buffer.from(input.Message), digest, Buffer.from(input.Signature));
  if (!valid) throw new AwsError('KMSInvalidSignatureException', '');
  return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
}

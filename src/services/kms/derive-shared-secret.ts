// DeriveSharedSecret: ECDH between a KEY_AGREEMENT key's private key and a peer's public key (DER
// SubjectPublicKeyInfo on the same curve); the raw shared secret, as `openssl pkeyutl -derive` gives it.
import { createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import { AwsError } from '../../errors.js';
import type { DeriveSharedSecretRequest, DeriveSharedSecretResponse } from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { dryRunRefusal, incompatibleAlgorithm, refuseRecipient, usableKey } from './crypto-common.js';
import type { KmsDeps } from './deps.js';
import { currentMaterial } from './key-record.js';
import { KEY_SPECS } from './key-specs.js';

export function DeriveSharedSecret(input: DeriveSharedSecretRequest, ctx: HandlerContext, deps: KmsDeps): DeriveSharedSecretResponse {
  refuseRecipient(input.Recipient);
  const loaded = checkedKey(ctx);
  const key = usableKey(loaded, 'KEY_AGREEMENT', 'DeriveSharedSecret');
  const spec = KEY_SPECS[key.keySpec];
  if (!(spec.keyAgreementAlgorithms ?? []).includes(input.KeyAgreementAlgorithm)) throw incompatibleAlgorithm(input.KeyAgreementAlgorithm, key);
  let peer: KeyObject;
  try {
    peer = createPublicKey({ key: Buffer.from(input.PublicKey), format: 'der', type: 'spki' });
  } catch {
    throw new AwsError('ValidationException', 'PublicKey must be a DER-encoded X.509 SubjectPublicKeyInfo.');
  }
  const curve = peer.asymmetricKeyType === 'ec' ? peer.asymmetricKeyDetails?.namedCurve : undefined;
  if (curve === undefined || curve !== spec.curve) {
    throw new AwsError('ValidationException', `PublicKey must be an elliptic curve public key on the curve of key spec ${key.keySpec}.`);
  }
  if (input.DryRun) throw dryRunRefusal();
  const opened = deps.materials.open(key, currentMaterial(loaded)!);
  if (opened?.kind !== 'private-key') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending import.`);
  let secret: Buffer;
  try {
    secret = diffieHellman({ privateKey: opened.key, publicKey: peer });
  } catch {
    throw new AwsError('ValidationException', 'PublicKey is not a valid point on the curve.');
  }
  return { KeyId: key.arn, SharedSecret: secret, KeyAgreementAlgorithm: input.KeyAgreementAlgorithm, KeyOrigin: key.origin };
}

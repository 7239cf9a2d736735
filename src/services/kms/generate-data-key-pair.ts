// GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext: a fresh key pair whose private key
// (PKCS#8 DER) is returned encrypted under a symmetric key as a ciphertext blob (and in the clear for
// GenerateDataKeyPair), with the public key as DER SubjectPublicKeyInfo.
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { AwsError } from '../../errors.js';
import type {
  DataKeyPairSpec,
  GenerateDataKeyPairRequest,
  GenerateDataKeyPairResponse,
  GenerateDataKeyPairWithoutPlaintextRequest,
  GenerateDataKeyPairWithoutPlaintextResponse,
} from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { dryRunRefusal, encryptSymmetric, refuseRecipient, requireSymmetric, usableKey } from './crypto-common.js';
import type { KmsDeps } from './deps.js';
import { DATA_KEY_PAIR_SPECS, KEY_SPECS } from './key-specs.js';
import { derPair } from './material.js';

const generateKeyPairAsync = promisify(generateKeyPair);

async function newKeyPair(spec: DataKeyPairSpec) {
  if (spec === 'ECC_NIST_EDWARDS25519') {
    const pair = await generateKeyPairAsync('ed25519');
    return derPair(pair.privateKey, pair.publicKey);
  }
  const info = KEY_SPECS[spec as keyof typeof KEY_SPECS];
  const pair = info.family === 'rsa'
    ? await generateKeyPairAsync('rsa', { modulusLength: info.modulusBits!, publicExponent: 65537 })
    : await generateKeyPairAsync('ec', { namedCurve: info.curve! });
  return derPair(pair.privateKey, pair.publicKey);
}

async function generatePair(input: GenerateDataKeyPairWithoutPlaintextRequest, ctx: HandlerContext, deps: KmsDeps, operation: string) {
  const loaded = checkedKey(ctx);
  const key = usableKey(loaded, 'ENCRYPT_DECRYPT', operation);
  requireSymmetric(key, operation);
  if (!(DATA_KEY_PAIR_SPECS as readonly string[]).includes(input.KeyPairSpec)) {
    throw new AwsError('UnsupportedOperationException', `KeyPairSpec ${input.KeyPairSpec} is supported only in the China Regions.`);
  }
  if (input.DryRun) throw dryRunRefusal();
  const pair = await newKeyPair(input.KeyPairSpec);
  const { blob, materialId } = encryptSymmetric(deps, loaded, pair.secret, input.EncryptionContext);
  return { key, pair, blob, materialId };
}

export async function GenerateDataKeyPair(input: GenerateDataKeyPairRequest, ctx: HandlerContext, deps: KmsDeps): Promise<GenerateDataKeyPairResponse> {
  refuseRecipient(input.Recipient);
  const made = await generatePair(input, ctx, deps, 'GenerateDataKeyPair');
  return {
    PrivateKeyCiphertextBlob: made.blob,
    PrivateKeyPlaintext: made.pair.secret,
    PublicKey: made.pair.publicKey,
    KeyId: made.key.arn,
    KeyPairSpec: input.KeyPairSpec,
    KeyMaterialId: made.materialId,
  };
}

export async function GenerateDataKeyPairWithoutPlaintext(
  input: GenerateDataKeyPairWithoutPlaintextRequest,
  ctx: HandlerContext,
  deps: KmsDeps,
): Promise<GenerateDataKeyPairWithoutPlaintextResponse> {
  const made = await generatePair(input, ctx, deps, 'GenerateDataKeyPairWithoutPlaintext');
  made.pair.secret.fill(0);
  return { PrivateKeyCiphertextBlob: made.blob, PublicKey: made.pair.publicKey, KeyId: made.key.arn, KeyPairSpec: input.KeyPairSpec, KeyMaterialId: made.materialId };
}

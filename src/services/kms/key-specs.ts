// What each key spec is: which key usages AWS allows for it and which algorithms each usage brings,
// as the KMS Developer Guide's key spec reference lists them. CreateKey, DescribeKey, GetPublicKey and
// every cryptographic operation read this one table.
import type {
  EncryptionAlgorithmSpec,
  KeyAgreementAlgorithmSpec,
  KeySpec,
  KeyUsageType,
  MacAlgorithmSpec,
  SigningAlgorithmSpec,
} from '../../generated/kms/types.js';

export type SupportedKeySpec = Extract<
  KeySpec,
  'SYMMETRIC_DEFAULT' | 'RSA_2048' | 'RSA_3072' | 'RSA_4096' | 'ECC_NIST_P256' | 'ECC_NIST_P384' | 'ECC_NIST_P521' | 'ECC_SECG_P256K1' | 'HMAC_224' | 'HMAC_256' | 'HMAC_384' | 'HMAC_512'
>;

export type KeyFamily = 'symmetric' | 'rsa' | 'ecc' | 'hmac';

export interface KeySpecInfo {
  family: KeyFamily;
  usages: readonly KeyUsageType[];
  encryptionAlgorithms?: readonly EncryptionAlgorithmSpec[];
  signingAlgorithms?: readonly SigningAlgorithmSpec[];
  macAlgorithms?: readonly MacAlgorithmSpec[];
  keyAgreementAlgorithms?: readonly KeyAgreementAlgorithmSpec[];
  /** RSA modulus length in bits. */
  modulusBits?: number;
  /** OpenSSL curve name of an ECC key. */
  curve?: string;
  /** HMAC: the key length KMS generates, and the lengths it accepts for imported material, in bytes. */
  hmacKeyBytes?: { generated: number; min: number; max: number };
}

const RSA_SIGNING: SigningAlgorithmSpec[] = [
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
];
const RSA_ENCRYPTION: EncryptionAlgorithmSpec[] = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];

const rsa = (modulusBits: number): KeySpecInfo => ({
  family: 'rsa',
  usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  encryptionAlgorithms: RSA_ENCRYPTION,
  signingAlgorithms: RSA_SIGNING,
  modulusBits,
});
const nistCurve = (curve: string, signing: SigningAlgorithmSpec): KeySpecInfo => ({
  family: 'ecc',
  usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  signingAlgorithms: [signing],
  keyAgreementAlgorithms: ['ECDH'],
  curve,
});
const hmac = (algorithm: MacAlgorithmSpec, generated: number, min: number, max: number): KeySpecInfo => ({
  family: 'hmac',
  usages: ['GENERATE_VERIFY_MAC'],
  macAlgorithms: [algorithm],
  hmacKeyBytes: { generated, min, max },
});

export const KEY_SPECS: Readonly<Record<SupportedKeySpec, KeySpecInfo>> = {
  SYMMETRIC_DEFAULT: { family: 'symmetric', usages: ['ENCRYPT_DECRYPT'], encryptionAlgorithms: ['SYMMETRIC_DEFAULT'] },
  RSA_2048: rsa(2048),
  RSA_3072: rsa(3072),
  RSA_4096: rsa(4096),
  ECC_NIST_P256: nistCurve('prime256v1', 'ECDSA_SHA_256'),
  ECC_NIST_P384: nistCurve('secp384r1', 'ECDSA_SHA_384'),
  ECC_NIST_P521: nistCurve('secp521r1', 'ECDSA_SHA_512'),
  ECC_SECG_P256K1: { family: 'ecc', usages: ['SIGN_VERIFY'], signingAlgorithms: ['ECDSA_SHA_256'], curve: 'secp256k1' },
  HMAC_224: hmac('HMAC_SHA_224', 28, 28, 64),
  HMAC_256: hmac('HMAC_SHA_256', 32, 32, 64),
  HMAC_384: hmac('HMAC_SHA_384', 48, 48, 128),
  HMAC_512: hmac('HMAC_SHA_512', 64, 64, 128),
};

export function isSupportedKeySpec(spec: string): spec is SupportedKeySpec {
  return Object.prototype.hasOwnProperty.call(KEY_SPECS, spec);
}

/**
 * Why a spec of the model is not served: SM2 exists only in AWS's China Regions; ML-DSA and Ed25519
 * keys need signature schemes (ML-DSA, Ed25519ph) that node:crypto cannot compute on every supported
 * Node version.
 */
export function unsupportedSpecReason(spec: string): string {
  if (spec === 'SM2') return 'KeySpec SM2 is supported only in the China Regions.';
  return `KeySpec ${spec} is not supported by this KMS.`;
}

/** The usage a key gets when CreateKey names none: only symmetric encryption keys may omit it. */
export function defaultUsage(spec: SupportedKeySpec): KeyUsageType | undefined {
  return spec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : undefined;
}

/** The hash behind an algorithm name (SHA-1, SHA-256, ... as node:crypto names them). */
export function hashOf(algorithm: string): 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' {
  const match = /SHA_?(1|224|256|384|512)$/.exec(algorithm);
  if (!match) throw new Error(`no hash in algorithm ${algorithm}`);
  return `sha${match[1]}` as 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
}

export const DIGEST_BYTES = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 } as const;

/** The largest plaintext RSAES-OAEP encrypts under a key of `modulusBits` (RFC 8017: k - 2hLen - 2). */
export function rsaPlaintextLimit(modulusBits: number, algorithm: EncryptionAlgorithmSpec): number {
  const hashBytes = algorithm === 'RSAES_OAEP_SHA_1' ? 20 : 32;
  return modulusBits / 8 - 2 * hashBytes - 2;
}

/** Key pair specs GenerateDataKeyPair can make here (SM2 is for China Regions only). */
export const DATA_KEY_PAIR_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519'] as const;

// Backing key material: made with node:crypto, stored only sealed by the keyring (bound to the key
// and version by associated data), opened into memory on first use and cached by what was sealed, so
// the hot path (Encrypt, Decrypt) does not unseal on every call.
import { createHmac, createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Keyring } from '../../crypto/keyring.js';
import { KEY_SPECS, type SupportedKeySpec } from './key-specs.js';
import { materialAad, type KeyRecord, type MaterialVersion } from './key-record.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface NewMaterial {
  /** Symmetric and HMAC keys: the key bytes; asymmetric keys: the private key, PKCS#8 DER. */
  secret: Buffer;
  /** Asymmetric keys: SubjectPublicKeyInfo DER. */
  publicKey?: Buffer;
}

/** Fresh material for a key spec. */
export async function generateMaterial(spec: SupportedKeySpec): Promise<NewMaterial> {
  const info = KEY_SPECS[spec];
  switch (info.family) {
    case 'symmetric':
      return { secret: randomBytes(32) };
    case 'hmac':
      return { secret: randomBytes(info.hmacKeyBytes!.generated) };
    case 'rsa': {
      const pair = await generateKeyPairAsync('rsa', { modulusLength: info.modulusBits!, publicExponent: 65537 });
      return derPair(pair.privateKey, pair.publicKey);
    }
    case 'ecc': {
      const pair = await generateKeyPairAsync('ec', { namedCurve: info.curve! });
      return derPair(pair.privateKey, pair.publicKey);
    }
  }
}

export function derPair(privateKey: KeyObject, publicKey: KeyObject): NewMaterial {
  return {
    secret: privateKey.export({ format: 'der', type: 'pkcs8' }),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }),
  };
}

/** AWS derives an imported material's id from the key and the material; an HMAC keyed by the material reveals nothing of it. */
export function importedMaterialId(keyId: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(`kms/key-material-id/${keyId}`).digest('hex');
}

export const randomMaterialId = (): string => randomBytes(32).toString('hex');

type KeyIdentity = Pick<KeyRecord, 'arn' | 'keyId' | 'partition' | 'accountId' | 'multiRegion'>;

/** Seals new material into a material version of `key`. */
export function sealMaterial(
  keyring: Keyring,
  key: KeyIdentity,
  version: number,
  material: NewMaterial,
  fields: Omit<MaterialVersion, 'sealed' | 'publicKey' | 'version'>,
): MaterialVersion {
  const entry: MaterialVersion = { ...fields, version, sealed: keyring.seal(material.secret, materialAad(key, version)) };
  if (material.publicKey) entry.publicKey = material.publicKey.toString('base64');
  return entry;
}

export type OpenedMaterial = { kind: 'secret'; key: Buffer } | { kind: 'private-key'; key: KeyObject };

const MAX_CACHED = 10_000;

/**
 * Opened material by what was sealed: an entry is reused only while the stored sealed value is the
 * same string, so a re-import or a deleted key never serves stale material.
 */
export class MaterialCache {
  private readonly entries = new Map<string, { sealed: string; opened: OpenedMaterial }>();

  constructor(private readonly keyring: Keyring) {}

  open(key: KeyIdentity & Pick<KeyRecord, 'keySpec'>, material: MaterialVersion): OpenedMaterial | undefined {
    if (!material.sealed) return undefined;
    const aad = materialAad(key, material.version);
    const cached = this.entries.get(aad);
    if (cached && cached.sealed === material.sealed) return cached.opened;
    const secret = this.keyring.open(material.sealed, aad);
    const family = KEY_SPECS[key.keySpec].family;
    const opened: OpenedMaterial =
      family === 'rsa' || family === 'ecc'
        ? { kind: 'private-key', key: createPrivateKey({ key: secret, format: 'der', type: 'pkcs8' }) }
        : { kind: 'secret', key: secret };
    if (this.entries.size >= MAX_CACHED) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(aad, { sealed: material.sealed, opened });
    return opened;
  }

  /** Drops every opened material (tests; a development-mode reset). */
  clear(): void {
    this.entries.clear();
  }
}

export function publicKeyOf(material: MaterialVersion): KeyObject {
  return createPublicKey({ key: Buffer.from(material.publicKey!, 'base64'), format: 'der', type: 'spki' });
}

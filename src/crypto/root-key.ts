// Where the root key comes from. The root key never touches storage: it only unwraps the keyring
// (src/crypto/keyring.ts), which in turn protects every secret Rampart stores. Losing it loses the data.
import { randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const ROOT_KEY_BYTES = 32;

/** Parameters of the passphrase KDF, stored (not secret) next to the keyring. */
export interface KdfParams {
  algorithm: 'scrypt';
  salt: string; // base64
  N: number;
  r: number;
  p: number;
}

export type RootKeySource =
  | { kind: 'file'; path: string }
  | { kind: 'env'; base64: string }
  | { kind: 'passphrase'; passphrase: string };

export interface RootKeyProvider {
  readonly kind: RootKeySource['kind'];
  /** Where the key comes from, for messages (never the key). */
  readonly description: string;
  /**
   * The root key for an existing keyring (`kdf` as stored with it), or for a new one
   * (`creating`: the provider may create its key file or KDF parameters).
   */
  unlock(kdf: KdfParams | undefined, creating: boolean): Promise<{ key: Buffer; kdf?: KdfParams }>;
}

export class RootKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RootKeyError';
  }
}

export function createRootKeyProvider(source: RootKeySource): RootKeyProvider {
  switch (source.kind) {
    case 'file':
      return fileProvider(source.path);
    case 'env':
      return envProvider(source.base64);
    case 'passphrase':
      return passphraseProvider(source.passphrase);
  }
}

function decodeKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== ROOT_KEY_BYTES) {
    throw new RootKeyError(`${where} must hold ${ROOT_KEY_BYTES} random bytes encoded in base64`);
  }
  return key;
}

function fileProvider(path: string): RootKeyProvider {
  return {
    kind: 'file',
    description: `the root key file ${path}`,
    async unlock(_kdf, creating) {
      if (existsSync(path)) {
        const mode = statSync(path).mode & 0o077;
        if (mode !== 0) chmodSync(path, 0o600); // a key file readable by others is tightened, not trusted as is
        return { key: decodeKey(readFileSync(path, 'utf8'), `the root key file ${path}`) };
      }
      if (!creating) {
        throw new RootKeyError(
          `the root key file ${path} does not exist, but this data store was sealed with a root key. ` +
            'Restore the file (or set RAMPART_ROOT_KEY / RAMPART_ROOT_PASSPHRASE as it was first set up); ' +
            'without that key the stored secrets cannot be recovered.',
        );
      }
      const key = randomBytes(ROOT_KEY_BYTES);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // 'wx': never overwrite a key another process created a moment ago.
      try {
        writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          return { key: decodeKey(readFileSync(path, 'utf8'), `the root key file ${path}`) };
        }
        throw error;
      }
      return { key };
    },
  };
}

function envProvider(base64: string): RootKeyProvider {
  const key = decodeKey(base64, 'RAMPART_ROOT_KEY');
  return {
    kind: 'env',
    description: 'RAMPART_ROOT_KEY',
    async unlock() {
      return { key: Buffer.from(key) };
    },
  };
}

// scrypt with N=2^17, r=8: about 128 MiB and a few hundred milliseconds per unlock, once per start.
const DEFAULT_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;

function scrypt(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCallback(passphrase.normalize('NFKC'), salt, ROOT_KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

function passphraseProvider(passphrase: string): RootKeyProvider {
  if (passphrase.length < 12) throw new RootKeyError('RAMPART_ROOT_PASSPHRASE must be at least 12 characters long');
  return {
    kind: 'passphrase',
    description: 'RAMPART_ROOT_PASSPHRASE',
    async unlock(kdf, creating) {
      if (kdf) return { key: await scrypt(passphrase, Buffer.from(kdf.salt, 'base64'), kdf) };
      if (!creating) throw new RootKeyError('this data store was not sealed with a passphrase; set the root key it was set up with');
      const params: KdfParams = { algorithm: 'scrypt', salt: randomBytes(16).toString('base64'), ...DEFAULT_SCRYPT };
      return { key: await scrypt(passphrase, Buffer.from(params.salt, 'base64'), params), kdf: params };
    },
  };
}

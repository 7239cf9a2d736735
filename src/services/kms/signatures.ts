// Signing and verifying for Sign and Verify. RAW messages are hashed and signed by node:crypto.
// DIGEST messages are signed as given: RSASSA-PKCS1-v1_5 through node:crypto's RSA private-key
// operation over the DigestInfo; RSASSA-PSS and ECDSA, which node:crypto cannot apply to a digest,
// through OpenSSL's pkeyutl (the library node:crypto uses); the private key reaches it only encrypted
// under a one-time passphrase held in the child's environment, never in the clear on disk. Signatures are what AWS returns: the raw RSA signature, or a DER-encoded ECDSA one.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, privateEncrypt, publicDecrypt, randomBytes, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { SigningAlgorithmSpec } from '../../generated/kms/types.js';
import { hashOf } from './key-specs.js';

/** DER DigestInfo prefixes (RFC 8017, section 9.2, note 1). */
const DIGEST_INFO: Record<string, Buffer> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

const isPss = (algorithm: SigningAlgorithmSpec) => algorithm.startsWith('RSASSA_PSS_');
const isPkcs1 = (algorithm: SigningAlgorithmSpec) => algorithm.startsWith('RSASSA_PKCS1_V1_5_');

function keyOptions(key: KeyObject, algorithm: SigningAlgorithmSpec) {
  if (isPss(algorithm)) return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
  if (isPkcs1(algorithm)) return { key, padding: constants.RSA_PKCS1_PADDING };
  return { key, dsaEncoding: 'der' as const };
}

export async function signMessage(privateKey: KeyObject, algorithm: SigningAlgorithmSpec, message: Buffer, digest: boolean): Promise<Buffer> {
  const hash = hashOf(algorithm);
  if (!digest) return sign(hash, message, keyOptions(privateKey, algorithm));
  if (isPkcs1(algorithm)) return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([DIGEST_INFO[hash], message]));
  // The key reaches openssl encrypted under a one-time passphrase that only the child's environment holds.
  const passphrase = randomBytes(32).toString('hex');
  const encrypted = privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase }) as string;
  return withFiles({ 'key.pem': encrypted }, (dir) =>
    pkeyutl(['-sign', '-inkey', join(dir, 'key.pem'), '-passin', 'env:RAMPART_PKEY_PASSPHRASE', ...pkeyOptions(algorithm)], message, { RAMPART_PKEY_PASSPHRASE: passphrase }),
  );
}

export async function verifySignature(publicKey: KeyObject, algorithm: SigningAlgorithmSpec, message: Buffer, digest: boolean, signature: Buffer): Promise<boolean> {
  const hash = hashOf(algorithm);
  try {
    if (!digest) return verify(hash, message, keyOptions(publicKey, algorithm), signature);
    if (isPkcs1(algorithm)) {
      const expected = Buffer.concat([DIGEST_INFO[hash], message]);
      const recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
      return recovered.length === expected.length && timingSafeEqual(recovered, expected);
    }
  } catch {
    return false;
  }
  const pem = publicKey.export({ format: 'pem', type: 'spki' }) as string;
  return withFiles({ 'public.pem': pem, 'signature.bin': signature }, async (dir) => {
    try {
      await pkeyutl(['-verify', '-pubin', '-inkey', join(dir, 'public.pem'), '-sigfile', join(dir, 'signature.bin'), ...pkeyOptions(algorithm)], message);
      return true;
    } catch (error) {
      if (error instanceof PkeyutlFailed) return false;
      throw error;
    }
  });
}

function pkeyOptions(algorithm: SigningAlgorithmSpec): string[] {
  const options = ['-pkeyopt', `digest:${hashOf(algorithm)}`];
  if (isPss(algorithm)) options.push('-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', 'rsa_pss_saltlen:digest');
  return options;
}

/** Runs `fn` with the files in a new private directory, removed afterwards. */
async function withFiles<T>(files: Record<string, string | Buffer>, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-kms-'));
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content, { mode: 0o600 });
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

class PkeyutlFailed extends Error {}

/** Runs `openssl pkeyutl` with the digest on stdin; resolves with what it writes. */
function pkeyutl(args: string[], digest: Buffer, env: Record<string, string> = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', ['pkeyutl', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
    const output: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr!.resume();
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(Buffer.concat(output)) : reject(new PkeyutlFailed(`openssl pkeyutl exited with ${code}`))));
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(digest);
  });
}

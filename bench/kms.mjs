// KMS through HTTP with SigV4: Encrypt (32 bytes), Decrypt, GenerateDataKey, Sign (ECC_NIST_P256) and
// GenerateMac at concurrency 1 and 32, with one worker and with all workers, next to a bare node:http
// server doing only SigV4 verification and one AES-256-GCM encryption per request (the floor for an
// authenticated Encrypt). Request quotas are off: the benchmark measures throughput, not throttling.
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { measure, signedJsonRequest } from './lib/load.mjs';
import { mib, ms, num, table } from './lib/report.mjs';
import { ALL_WORKERS, rss, startBare, startRampart } from './lib/servers.mjs';

async function keys(server) {
  const kms = new KMSClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials });
  const symmetric = (await kms.send(new CreateKeyCommand({}))).KeyMetadata.KeyId;
  const ecc = (await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata.KeyId;
  const hmac = (await kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }))).KeyMetadata.KeyId;
  const plaintext = Buffer.alloc(32, 7);
  const ciphertext = (await kms.send(new EncryptCommand({ KeyId: symmetric, Plaintext: plaintext }))).CiphertextBlob;
  return { symmetric, ecc, hmac, plaintext, ciphertext };
}

function calls(k) {
  const b64 = (bytes) => Buffer.from(bytes).toString('base64');
  return [
    ['Encrypt', { KeyId: k.symmetric, Plaintext: b64(k.plaintext) }],
    ['Decrypt', { CiphertextBlob: b64(k.ciphertext) }],
    ['GenerateDataKey', { KeyId: k.symmetric, KeySpec: 'AES_256' }],
    ['Sign', { KeyId: k.ecc, Message: b64(k.plaintext), MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }],
    ['GenerateMac', { KeyId: k.hmac, Message: b64(k.plaintext), MacAlgorithm: 'HMAC_SHA_256' }],
  ];
}

export async function kmsBenchmark() {
  const rows = [];
  const summary = [];
  for (const workers of [...new Set([1, ALL_WORKERS])]) {
    const rampart = await startRampart({ workers, env: { RAMPART_KMS_QUOTAS: 'off' } });
    const idle = rss(rampart);
    const k = await keys(rampart);
    const bare = await startBare({ workers, mode: 'sigv4-aes', credentials: rampart.credentials });
    for (const connections of [1, 32]) {
      // Signed just before each measurement: a SigV4 signature is good for five minutes.
      const reference = await measure(bare, await signedJsonRequest(bare, { service: 'kms', target: 'TrentService.Encrypt', body: calls(k)[0][1] }), connections);
      rows.push([`${workers}`, `${connections}`, 'reference: SigV4 + AES-GCM', num(reference.rps), ms(reference.p50), ms(reference.p99), '', mib(reference.rssLoad), '']);
      for (const [operation, body] of calls(k)) {
        const result = await measure(rampart, await signedJsonRequest(rampart, { service: 'kms', target: `TrentService.${operation}`, body }), connections);
        const ratio = `${((100 * result.rps) / reference.rps).toFixed(0)}%`;
        rows.push([`${workers}`, `${connections}`, `kms:${operation}`, num(result.rps), ms(result.p50), ms(result.p99), mib(idle), mib(result.rssLoad), ratio]);
        if (operation === 'Encrypt') summary.push([`${workers}`, `${connections}`, num(result.rps), ratio]);
      }
    }
    await bare.close();
    await rampart.close();
  }
  table('KMS through HTTP with SigV4 (SQLite; "of ref." compares with SigV4 + one AES-GCM on bare node:http)', ['workers', 'conc.', 'call', 'req/s', 'p50', 'p99', 'RSS idle', 'RSS load', 'of ref.'], rows);
  table('KMS Encrypt summary (goal: 80% of the reference, 10,000/s with all workers)', ['workers', 'conc.', 'Encrypt/s', 'of ref.'], summary);
}

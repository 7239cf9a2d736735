import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { measure, signedJsonRequest } from './lib/load.mjs';
import { startRampart } from './lib/servers.mjs';
const workers = Number(process.argv[2] ?? 2);
const r = await startRampart({ workers, env: { RAMPART_KMS_QUOTAS: 'off', ...(process.env.NOAUDIT ? { NOAUDIT: '1' } : {}) } });
const kms = new KMSClient({ endpoint: r.url, region: 'us-east-1', credentials: r.credentials });
const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata.KeyId;
for (const c of [1, 32]) {
  const res = await measure(r, await signedJsonRequest(r, { service: 'kms', target: 'TrentService.Encrypt', body: { KeyId: key, Plaintext: Buffer.alloc(32).toString('base64') } }), c);
  console.log(`workers ${workers} c${c}: ${Math.round(res.rps)} rps p50 ${res.p50.toFixed(2)}ms`);
}
await r.close();

// What authorization (IAM policy evaluation with the key policy and the caller's policies) and auditing
// (a durable CloudTrail record per call) cost on an authenticated KMS Encrypt: the same server with and
// without each, one worker, through HTTP. (Measured in-process with a benchmark-only start option.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { loadConfig } from '../dist/config.js';
import { silentLogger } from '../dist/logging.js';
import { initialize, startServer } from '../dist/rampart.js';
import { measure, signedJsonRequest } from './lib/load.mjs';
import { ms, num, table } from './lib/report.mjs';

async function variant(name, measureWithout) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-bench-'));
  const config = loadConfig({}, { RAMPART_DATA_DIR: dataDir, RAMPART_PORT: '0', RAMPART_WORKERS: '1', RAMPART_KMS_QUOTAS: 'off' });
  const credentials = await initialize(config, silentLogger);
  const running = await startServer(config, silentLogger, { schedulerIntervalMs: 0, measureWithout });
  const server = { name, url: running.url, credentials, child: { pid: process.pid } };
  const kms = new KMSClient({ endpoint: running.url, region: 'us-east-1', credentials });
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata.KeyId;
  const results = [];
  for (const connections of [1, 32]) {
    const request = await signedJsonRequest(server, { service: 'kms', target: 'TrentService.Encrypt', body: { KeyId: keyId, Plaintext: Buffer.alloc(32).toString('base64') } });
    results.push(await measure(server, request, connections));
  }
  await running.close();
  rmSync(dataDir, { recursive: true, force: true });
  return results;
}

export async function authorizationCostBenchmark() {
  const full = await variant('authorization + audit', []);
  const variants = [
    ['without authorization and audit', await variant('neither', ['authorization', 'audit'])],
    ['without authorization', await variant('no authorization', ['authorization'])],
    ['without audit', await variant('no audit', ['audit'])],
    ['with both (as served)', full],
  ];
  const rows = [];
  const base = variants[0][1];
  for (const [name, results] of variants) {
    for (const [i, result] of results.entries()) {
      const cost = (100 * (base[i].rps - result.rps)) / base[i].rps;
      rows.push([name, `${result.connections}`, num(result.rps), ms(result.p50), ms(result.p99), `${cost.toFixed(0)}%`]);
    }
  }
  table('Cost of authorization and auditing on KMS Encrypt (1 worker, SQLite; goal: under 15% together)', ['server', 'conc.', 'req/s', 'p50', 'p99', 'throughput cost'], rows);
}

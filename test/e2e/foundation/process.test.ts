// Rampart as users run it: the built CLI as a child process. First start, worker processes sharing
// one port, graceful shutdown on SIGTERM, and refusing a wrong root key without changing anything.
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { GenerateRandomCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/storage/index.js';
import { startChild, testBackends, type ChildServer } from '../../helpers/rampart.js';

function healthOverNewConnection(endpoint: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${endpoint}/_rampart/health`, { agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
  });
}

async function snapshot(server: ChildServer): Promise<string> {
  const store = await openStore(server.databaseUrl ? { backend: 'postgres', url: server.databaseUrl } : { backend: 'sqlite', dataDir: server.dataDir });
  try {
    const records = await store.list({});
    return JSON.stringify({ sequence: await store.commitSequence(), records: records.map((r) => [r.key, r.version]) });
  } finally {
    await store.close();
  }
}

describe.each(testBackends())('the rampart process on %s', (backend) => {
  it('creates the default account on first start, printing its credentials once, and reuses it after', async () => {
    const first = await startChild({ backend });
    try {
      expect(first.output()).toContain(`AWS_ACCESS_KEY_ID=${first.credentials.accessKeyId}`);
      expect(first.output()).toContain(`AWS_SECRET_ACCESS_KEY=${first.credentials.secretAccessKey}`);
      expect(statSync(join(first.dataDir, 'credentials')).mode & 0o777).toBe(0o600);
      expect(statSync(join(first.dataDir, 'root.key')).mode & 0o777).toBe(0o600);
      await first.stop();
      const second = await startChild({ backend, dataDir: first.dataDir, schema: first.schema });
      try {
        expect(second.output()).not.toContain('AWS_SECRET_ACCESS_KEY');
        const identity = await new STSClient(second.clientConfig(first.credentials)).send(new GetCallerIdentityCommand({}));
        expect(identity.Account).toBe('000000000000');
      } finally {
        await second.stop();
      }
    } finally {
      await first.destroy();
    }
  });

  it('serves from several worker processes on one port and stops gracefully on SIGTERM', async () => {
    const server = await startChild({ backend, env: { RAMPART_WORKERS: '2' } });
    try {
      const pids = new Set<number>();
      // A new connection each time: the primary hands connections to the workers in turn (once the
      // second worker is up: health answers as soon as the first one is).
      for (let i = 0; i < 500 && pids.size < 2; i++) {
        pids.add(((await healthOverNewConnection(server.endpoint)) as { pid: number }).pid);
        if (pids.size < 2) await new Promise((r) => setTimeout(r, 10));
      }
      expect(pids.size).toBe(2);
      expect(pids.has(server.process.pid!)).toBe(false);

      // Many calls at once; the signal goes out as soon as the first is answered, while others are
      // still being served. Those finish; the server stops accepting; the process exits cleanly.
      const sts = new STSClient({ ...server.clientConfig(), maxAttempts: 1 });
      let firstAnswer!: () => void;
      const answered = new Promise<void>((resolve) => (firstAnswer = resolve));
      const calls = Array.from({ length: 60 }, () => sts.send(new GetCallerIdentityCommand({})).finally(firstAnswer));
      await answered;
      server.process.kill('SIGTERM');
      const results = await Promise.allSettled(calls);
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThan(0);
      for (const result of results) {
        if (result.status === 'rejected') expect(String(result.reason)).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
      }
      const exit = await server.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(server.output()).toContain('"msg":"stopped"');
    } finally {
      await server.destroy();
    }
  });

  it('logs every request as structured JSON without secrets, plaintexts or signatures', async () => {
    const server = await startChild({ backend, env: { RAMPART_LOG_LEVEL: 'trace' } });
    try {
      const random = await new KMSClient(server.clientConfig()).send(new GenerateRandomCommand({ NumberOfBytes: 64 }));
      const wrong = { ...server.credentials, secretAccessKey: 'w'.repeat(40) };
      await new STSClient(server.clientConfig(wrong)).send(new GetCallerIdentityCommand({})).catch(() => undefined);
      await new KMSClient(server.clientConfig()).send(new GenerateRandomCommand({ NumberOfBytes: 5000 })).catch(() => undefined);
      await server.stop();
      const lines = server.output().split('\n').filter((line) => line.startsWith('{'));
      const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');
      expect(requests.map((r) => [r.service, r.operation, r.status])).toEqual([
        ['kms', 'GenerateRandom', 200],
        ['sts', 'GetCallerIdentity', 403],
        ['kms', 'GenerateRandom', 400],
      ]);
      expect(requests.every((r) => typeof r.requestId === 'string' && typeof r.ms === 'number')).toBe(true);
      const output = server.output().replace(/AWS_SECRET_ACCESS_KEY=\S+/, ''); // the first-start banner shows it once
      for (const secret of [server.credentials.secretAccessKey, 'w'.repeat(40), Buffer.from(random.Plaintext!).toString('base64')]) {
        expect(output).not.toContain(secret);
      }
      expect(output).not.toMatch(/Signature=[0-9a-f]{64}/);
    } finally {
      await server.destroy();
    }
  });

  it('refuses to start with a wrong root key, says why, and changes nothing', async () => {
    const first = await startChild({ backend });
    await first.stop();
    const before = await snapshot(first);
    try {
      const wrong = startChild({ backend, dataDir: first.dataDir, schema: first.schema, env: { RAMPART_ROOT_KEY: randomBytes(32).toString('base64') } });
      await expect(wrong).rejects.toThrow(/exited \(2\) before listening[\s\S]*does not open this data store's keyring[\s\S]*Nothing was changed/);
      expect(await snapshot(first)).toBe(before);
    } finally {
      await first.destroy();
    }
  });
});

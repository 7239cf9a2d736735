// Crash safety through the server: a child Rampart receiving a burst of CreateKey and TagResource
// calls is killed with SIGKILL. After a restart every acknowledged key exists with its acknowledged
// tags, and every key that exists is whole (metadata, policy, usable material).
import { DescribeKeyCommand, EncryptCommand, GetKeyPolicyCommand, KMSClient, ListKeysCommand, ListResourceTagsCommand, TagResourceCommand, CreateKeyCommand } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { startChild, testBackends } from '../../helpers/rampart.js';
import { TEST_QUOTAS } from './support.js';

describe.each(testBackends())('KMS writes surviving SIGKILL on %s', (backend) => {
  it('keeps every acknowledged key and tag, and no half-written key', async () => {
    const first = await startChild({ backend, env: { RAMPART_KMS_QUOTAS: TEST_QUOTAS } });
    const acknowledged = new Map<string, Set<string>>();
    let killed = false;
    try {
      const kms = new KMSClient({ ...first.clientConfig(), maxAttempts: 1 });
      const worker = async (w: number) => {
        for (let i = 0; !killed; i++) {
          try {
            const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: `burst ${w}/${i}`, Tags: [{ TagKey: 'created', TagValue: `${w}-${i}` }] }));
            acknowledged.set(KeyMetadata!.KeyId!, new Set(['created']));
            await kms.send(new TagResourceCommand({ KeyId: KeyMetadata!.KeyId, Tags: [{ TagKey: 'tagged', TagValue: 'yes' }] }));
            acknowledged.get(KeyMetadata!.KeyId!)!.add('tagged');
          } catch {
            return; // the server is gone
          }
        }
      };
      const workers = Array.from({ length: 8 }, (_, w) => worker(w));
      while (acknowledged.size < 40) await new Promise((r) => setTimeout(r, 5));
      first.process.kill('SIGKILL');
      killed = true;
      await Promise.all(workers);
      expect((await first.exited).signal).toBe('SIGKILL');

      const second = await startChild({ backend, dataDir: first.dataDir, schema: first.schema, env: { RAMPART_KMS_QUOTAS: TEST_QUOTAS } });
      try {
        const after = new KMSClient({ ...second.clientConfig(first.credentials), maxAttempts: 1 });
        const listed: string[] = [];
        let marker: string | undefined;
        do {
          const page = await after.send(new ListKeysCommand({ Marker: marker, Limit: 1000 }));
          listed.push(...page.Keys!.map((k) => k.KeyId!));
          marker = page.NextMarker;
        } while (marker);
        for (const [keyId, tags] of acknowledged) {
          expect(listed).toContain(keyId);
          const stored = (await after.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags!.map((t) => t.TagKey);
          for (const tag of tags) expect(stored).toContain(tag);
        }
        for (const keyId of listed) {
          const { KeyMetadata } = await after.send(new DescribeKeyCommand({ KeyId: keyId }));
          expect(KeyMetadata!.KeyState).toBe('Enabled');
          expect((await after.send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy).toContain('kms:*');
          expect((await after.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags!.map((t) => t.TagKey)).toContain('created');
          expect((await after.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('whole') }))).CiphertextBlob).toBeDefined();
        }
      } finally {
        await second.destroy();
      }
    } finally {
      await first.destroy();
    }
  }, 120_000);
});

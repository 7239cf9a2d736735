// When an access key was last used, for iam:GetAccessKeyLastUsed and the credential report. Like AWS,
// a key used more than once within 15 minutes has only the first use recorded, so a busy key costs one
// small write per quarter hour (per process), never a write inside the request's own transaction.
import type { Store, StoreReader } from '../storage/types.js';

export interface AccessKeyLastUse {
  /** ms since the epoch */
  usedAt: number;
  /** The service's namespace (iam, kms, s3, ...). */
  service: string;
  region: string;
}

export const accessKeyUsageKey = (accessKeyId: string) => `cred-used/${accessKeyId}`;

export const USAGE_GRANULARITY_MS = 15 * 60_000;

export async function lastUseOf(reader: StoreReader, accessKeyId: string): Promise<AccessKeyLastUse | undefined> {
  return (await reader.get<AccessKeyLastUse & Record<string, never>>(accessKeyUsageKey(accessKeyId)))?.value;
}

export class AccessKeyUsage {
  private readonly recorded = new Map<string, number>();
  private static readonly MAX_REMEMBERED = 10_000;

  constructor(private readonly store: Store) {}

  /**
   * Notes a verified use of a long-term access key. Returns the write when one is due (the caller
   * should not make the request wait for it, and should log a failure), or undefined.
   */
  record(accessKeyId: string, use: AccessKeyLastUse): Promise<void> | undefined {
    const last = this.recorded.get(accessKeyId);
    if (last !== undefined && use.usedAt - last < USAGE_GRANULARITY_MS && use.usedAt >= last) return undefined;
    if (this.recorded.size >= AccessKeyUsage.MAX_REMEMBERED) this.recorded.delete(this.recorded.keys().next().value!);
    this.recorded.set(accessKeyId, use.usedAt);
    return this.store.transaction(async (tx) => {
      const stored = await lastUseOf(tx, accessKeyId);
      // Another process recorded a use within the window: the first use stands.
      if (stored && use.usedAt - stored.usedAt < USAGE_GRANULARITY_MS && use.usedAt >= stored.usedAt) return;
      tx.put(accessKeyUsageKey(accessKeyId), { usedAt: use.usedAt, service: use.service, region: use.region });
    });
  }

  forgetAll(): void {
    this.recorded.clear();
  }
}

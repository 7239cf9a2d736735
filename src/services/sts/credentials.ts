// Temporary credentials: an ASIA access key with a sealed secret and session token, an expiry, and what
// the session was issued with. They authenticate like any access key until they expire (then the
// SigV4 verifier answers ExpiredToken); a scheduler job deletes the record a week after expiry.
import { randomBytes } from 'node:crypto';
import type { AccessKeyOwner, AccessKeys, SessionRecord } from '../../identity/access-keys.js';
import type { Scheduler } from '../../scheduler/scheduler.js';
import type { Transaction } from '../../storage/types.js';
import type { Credentials } from '../../generated/sts/types.js';

export const CLEANUP_JOB = 'sts.deleteExpiredCredentials';
const KEEP_AFTER_EXPIRY_MS = 7 * 24 * 3600_000;

export interface IssueOptions {
  accountId: string;
  owner: AccessKeyOwner;
  now: number;
  durationSeconds: number;
  session: SessionRecord;
}

export class TemporaryCredentials {
  constructor(
    private readonly accessKeys: AccessKeys,
    private readonly scheduler: Pick<Scheduler, 'schedule'>,
  ) {}

  async issue(tx: Transaction, options: IssueOptions): Promise<Credentials> {
    // AWS's tokens are opaque and long; this one is 256 random bytes, base64.
    const sessionToken = randomBytes(256).toString('base64');
    // AWS states expiry in whole seconds.
    const expiresAt = Math.floor(options.now / 1000) * 1000 + options.durationSeconds * 1000;
    const created = this.accessKeys.create(tx, {
      accountId: options.accountId,
      owner: options.owner,
      prefix: 'ASIA',
      sessionToken,
      expiresAt,
      session: options.session,
      now: options.now,
    });
    await this.scheduler.schedule(tx, {
      id: `sts-credentials/${created.accessKeyId}`,
      type: CLEANUP_JOB,
      dueAt: expiresAt + KEEP_AFTER_EXPIRY_MS,
      payload: { accessKeyId: created.accessKeyId },
    });
    return { AccessKeyId: created.accessKeyId, SecretAccessKey: created.secretAccessKey, SessionToken: sessionToken, Expiration: new Date(expiresAt) };
  }
}

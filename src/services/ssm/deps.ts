// What Parameter Store's handlers, authorization entries and jobs share: the KMS API SecureStrings
// are encrypted through, Secrets Manager for /aws/reference/secretsmanager/ names, the scheduler for
// parameter policies, and the tracker that turns a write conflict on one parameter into TooManyUpdates.
import type { Scheduler } from '../../scheduler/scheduler.js';
import type { Logger } from '../../logging.js';
import type { KmsInternalApi } from '../kms/internal.js';
import { AwsError } from '../../errors.js';
import type { Transaction } from '../../storage/types.js';
import type { SecretsManagerReferenceApi } from './secrets-reference.js';

export interface SsmDeps {
  kms: KmsInternalApi;
  secretsManager?: SecretsManagerReferenceApi;
  scheduler: Scheduler;
  logger: Logger;
  updates: ConcurrentUpdates;
  plans: RequestPlans;
  /** Parameters per tier per account and Region (AWS's quotas unless a test lowers them). */
  limits?: { Standard: number; Advanced: number };
}

export const JOB_PARAMETER_POLICIES = 'ssm:parameter-policies';
export const policyJobId = (parameterArn: string) => `ssm/parameter-policies/${parameterArn}`;

/**
 * Parameter Store accepts one update at a time per parameter and answers a concurrent one with
 * TooManyUpdates. Rampart's optimistic transactions rerun a request whose reads changed before it
 * committed; this remembers which version of the parameter a request's first attempt saw, so a rerun
 * caused by another write to the same parameter fails with TooManyUpdates instead of silently
 * applying on top of it. Conflicts on anything else (the account's parameter counts) just rerun.
 */
export class ConcurrentUpdates {
  private readonly seen = new Map<string, { version: number; at: number }>();

  check(tx: Transaction, requestId: string, resource: string, version: number): void {
    const id = `${requestId} ${resource}`;
    const first = this.seen.get(id);
    if (first === undefined) {
      if (this.seen.size > 10_000) this.prune();
      this.seen.set(id, { version, at: Date.now() });
    } else if (first.version !== version) {
      this.seen.delete(id);
      throw new AwsError('TooManyUpdates', 'There are concurrent updates for the resource that you\'re trying to update. Please retry the request.');
    }
    tx.afterCommit(() => this.seen.delete(id));
  }

  /** Attempts of requests that failed never commit: forget those older than a minute. */
  private prune(): void {
    const cutoff = Date.now() - 60_000;
    for (const [id, entry] of this.seen) if (entry.at < cutoff) this.seen.delete(id);
  }
}

/**
 * What an authorization entry resolved, for the handler of the same request: keyed by the request's
 * transaction, which the pipeline gives both (a rerun gets a new transaction and resolves again).
 */
export class RequestPlans {
  private readonly plans = new WeakMap<Transaction, unknown>();

  set<T>(tx: Transaction, plan: T): T {
    this.plans.set(tx, plan);
    return plan;
  }

  get<T>(tx: Transaction): T {
    if (!this.plans.has(tx)) throw new Error('no authorization plan for this request');
    return this.plans.get(tx) as T;
  }
}

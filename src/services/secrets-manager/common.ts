// Small rules every operation shares: the secret must exist, must not be waiting for deletion (for
// everything but reading its metadata and restoring it), and replicas are read-only.
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import type { SecretPlace } from './arns.js';
import { bothValues, markedForDeletion, secretNotFound } from './errors.js';
import { resolveSecret, type LoadedSecret, type ResolvedSecret } from './records.js';
import { refuseReplica } from './replication.js';

export const callerPlace = (ctx: Pick<AuthorizationContext, 'partition' | 'accountId' | 'region'>): SecretPlace => ({
  partition: ctx.partition,
  accountId: ctx.accountId,
  region: ctx.region,
});

export const resolveFor = (ctx: AuthorizationContext, secretId: string) => resolveSecret(ctx.tx, callerPlace(ctx), secretId);

export function existing(resolved: ResolvedSecret): LoadedSecret {
  if (!resolved.loaded) throw secretNotFound();
  return resolved.loaded;
}

export function live(resolved: ResolvedSecret): LoadedSecret {
  const loaded = existing(resolved);
  if (loaded.record.deletionDate !== undefined) throw markedForDeletion();
  return loaded;
}

/** A secret that exists, is not pending deletion and is not a replica: one the caller may change. */
export function writable(resolved: ResolvedSecret): LoadedSecret {
  const loaded = live(resolved);
  refuseReplica(loaded.record);
  return loaded;
}

export function oneValue(input: { SecretString?: string; SecretBinary?: Uint8Array }): void {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined) throw bothValues();
}

/**
 * Judges checks inside a handler, one group at a time, the way the pipeline judged the request (for
 * operations that answer per item instead of failing whole).
 */
export async function allowed(ctx: HandlerContext, checks: readonly AuthorizationCheck[]): Promise<boolean> {
  try {
    await ctx.authorize(checks);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'AccessDenied') return false;
    throw error;
  }
}

// What a service is to the rest of Rampart: handlers keyed by the exact AWS operation name, typed
// by the generated model types. A handler receives validated input and a context; it never parses
// bytes, checks signatures, evaluates the caller's policies or writes audit records (the pipeline
// does). It runs inside one storage transaction (`ctx.tx`) that commits when it returns and is
// discarded when it throws; on a write conflict it runs again, so it must not cause side effects
// outside `ctx.tx`.
import type { AwsError } from '../errors.js';
import type { ServiceOperations } from '../generated/index.js';
import type { Principal } from '../identity/principal.js';
import type { JobHandler } from '../scheduler/scheduler.js';
import type { Transaction } from '../storage/types.js';
import type { AuthorizationCheck, AuthorizationTable } from './authorization.js';

export type ServiceId = keyof ServiceOperations;

export interface HandlerContext {
  requestId: string;
  principal: Principal;
  /** The account the request acts in (the caller's account). */
  accountId: string;
  region: string;
  partition: string;
  /** The request's time (Rampart's clock), ms since the epoch. */
  now: number;
  tx: Transaction;
  sourceIp: string;
  userAgent: string | undefined;
  /** The authorization checks the operation passed (see authorization.ts), with what they loaded. */
  checks: readonly AuthorizationCheck[];
  /**
   * Decides further checks the way the pipeline decided the operation's own (same caller, request
   * context and transaction), for operations that answer item by item (BatchGetSecretValue); throws
   * AccessDenied.
   */
  authorize(checks: readonly AuthorizationCheck[]): Promise<void>;
}

export type OperationHandler<I, O> = (input: I, ctx: HandlerContext) => Promise<O> | O;

export type ServiceHandlers<S extends ServiceId> = {
  [Op in keyof ServiceOperations[S]]?: ServiceOperations[S][Op] extends { input: infer I; output: infer O }
    ? OperationHandler<I, O>
    : never;
};

export interface ServiceDefinition<S extends ServiceId = ServiceId> {
  id: S;
  handlers: ServiceHandlers<S>;
  /** What each operation must be authorized for; every handler needs an entry. */
  authorization: AuthorizationTable<S>;
  /** The code of the service's own internal-failure error (e.g. KMSInternalException), if it has one. */
  internalError?: string;
  /**
   * How the service reports input that fails the model's validation, when it does not use the common
   * ValidationException (Organizations answers InvalidInputException with a Reason).
   */
  invalidInput?: (error: AwsError) => AwsError;
  /** Scheduler job handlers the service runs, by job type. */
  jobs?: Record<string, JobHandler>;
}

/** Erases a definition's service type so definitions of every service fit in one list. */
export function defineService<S extends ServiceId>(definition: ServiceDefinition<S>): ServiceDefinition {
  return definition as unknown as ServiceDefinition;
}

// Turning driver errors into StorageErrors. Only the driver's code and its main message are kept:
// PostgreSQL's `detail` can quote a row ("Failing row contains (...)"), and a row holds values, so
// neither it nor the original error object (which a logger would serialize) is carried along.

import { StorageError, type StorageErrorCode } from './types.js';

interface DriverError {
  code?: unknown;
  message?: unknown;
}

function driverCode(err: unknown): string | undefined {
  const code = (err as DriverError | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function driverMessage(err: unknown): string {
  const message = (err as DriverError | null)?.message;
  return typeof message === 'string' ? message : String(err);
}

/** A better-sqlite3 failure during `operation`, as a StorageError. */
export function sqliteError(operation: string, err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  const code = driverCode(err);
  let kind: StorageErrorCode = 'failed';
  if (code === undefined) kind = 'failed';
  else if (code.startsWith('SQLITE_FULL')) kind = 'full';
  else if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) kind = 'busy';
  else if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) kind = 'incompatible';
  else if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY')) {
    kind = 'unavailable';
  }
  return new StorageError(kind, `SQLite ${operation} failed: ${driverMessage(err)}`, code);
}

// SQLSTATE classes: 08 connection exception, 57P0x shutdown/crash, 53 insufficient resources.
const PG_UNAVAILABLE = /^(08|57P0[1-3])/;
const NODE_NET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);

/** True when the error means the connection failed, not that the server rejected the statement. */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof StorageError) return err.code === 'unavailable' || err.code === 'unknown-outcome';
  const code = driverCode(err);
  if (code !== undefined) return NODE_NET_ERRORS.has(code) || PG_UNAVAILABLE.test(code);
  // node-postgres reports a dropped socket and its own timeouts with plain Errors.
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
    driverMessage(err),
  );
}

/** A node-postgres failure during `operation`, as a StorageError. */
export function postgresError(operation: string, err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  const code = driverCode(err);
  let kind: StorageErrorCode = 'failed';
  if (isConnectionError(err)) kind = 'unavailable';
  else if (code === '53100') kind = 'full';
  else if (code === '40001' || code === '40P01' || code === '55P03') kind = 'busy';
  return new StorageError(kind, `PostgreSQL ${operation} failed: ${driverMessage(err)}`, code);
}

// What an AwsError becomes on the wire for one service (or, before a service is known, one protocol):
// the code and status from the service's exception shape of that name, else from COMMON_ERRORS for
// the protocol, else the code as given (src/errors.ts explains the order).
import { type AwsError, type Protocol, commonWireCode, isCommonError } from '../errors.js';
import type { ServiceModel, Shape } from './model.js';

export interface WireError {
  code: string;
  status: number;
  senderFault: boolean;
  /** The exception shape, whose members serialize `fields`. */
  shape: Shape | undefined;
  message: string;
}

export function resolveWireError(service: ServiceModel | undefined, protocol: Protocol, error: AwsError): WireError {
  const shape = service?.errorShape(error.code);
  if (shape?.error) {
    return {
      code: shape.error.code,
      status: shape.error.status,
      senderFault: error.senderFault ?? shape.error.senderFault,
      shape,
      message: error.message,
    };
  }
  if (isCommonError(error.code)) {
    const [code, status] = commonWireCode(error.code, protocol);
    // The wire code may itself be one of the service's exceptions (SSM models ValidationException), so its members apply.
    return { code, status, senderFault: error.senderFault ?? status < 500, shape: service?.errorShape(code), message: error.message };
  }
  const status = error.status ?? 400;
  return { code: error.code, status, senderFault: error.senderFault ?? status < 500, shape: undefined, message: error.message };
}

/** Extra fields without a member in the error shape are still sent, as text, when they are scalars. */
export function looseFieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return undefined;
}

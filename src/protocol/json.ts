// awsJson 1.0 / 1.1: POST / with X-Amz-Target, the whole input as a JSON body, the output likewise.
// Errors: `{"__type": "<code>", "message": "..."}` and the x-amzn-ErrorType header.
import { type AwsError, commonError } from '../errors.js';
import { readJsonStructure, writeJsonStructure, writeJsonValue } from './json-shapes.js';
import type { OperationModel, ServiceModel, Shape } from './model.js';
import { ValueError } from './values.js';
import type { WireError } from './wire-errors.js';
import { looseFieldText } from './wire-errors.js';
import type { WireRequest, WireResponse } from './wire.js';

export function jsonContentType(service: ServiceModel | undefined): string {
  return `application/x-amz-json-${service?.jsonVersion ?? '1.1'}`;
}

/** A JSON request body as a value: an empty body is `{}`; anything unparseable a SerializationException. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ValueError('The request body is not valid JSON.');
  }
}

/** Runs a body reader, turning a malformed value into the protocol's Serialization error. */
export function readingBody<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ValueError) throw commonError('Serialization', error.message);
    throw error;
  }
}

export function parseJsonRequest(operation: OperationModel, req: WireRequest): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const shape = operation.input;
  if (!shape) return input;
  return readingBody(() => readJsonStructure(shape, parseJsonBody(req.body), input));
}

export function serializeJsonResponse(service: ServiceModel, operation: OperationModel, output: unknown, requestId: string): WireResponse {
  const body = operation.output ? writeJsonStructure(operation.output, output ?? {}) : '{}';
  return {
    status: 200,
    headers: { 'content-type': jsonContentType(service), 'x-amzn-requestid': requestId },
    body,
  };
}

/** The JSON error body shared by json and rest-json: code, message and the error shape's other members. */
export function jsonErrorBody(service: ServiceModel | undefined, wire: WireError, error: AwsError, includeType: boolean): string {
  const messageKey = messageKeyFor(service, wire.shape);
  let body = '{';
  if (includeType) body += `"__type":${JSON.stringify(wire.code)},`;
  body += `${JSON.stringify(messageKey)}:${JSON.stringify(wire.message)}`;
  if (error.fields) {
    for (const [name, value] of Object.entries(error.fields)) {
      if (value === undefined || value === null) continue;
      const member = wire.shape?.memberByName.get(name);
      if (member) {
        if (member.location !== undefined || member.jsonName === messageKey) continue;
        body += `,${JSON.stringify(member.jsonName)}:${writeJsonValue(member, value)}`;
      } else if (name !== messageKey && name !== '__type') {
        const text = looseFieldText(value);
        if (text !== undefined) body += `,${JSON.stringify(name)}:${JSON.stringify(text)}`;
      }
    }
  }
  return `${body}}`;
}

function messageKeyFor(service: ServiceModel | undefined, shape: Shape | undefined): string {
  if (shape) {
    for (const member of shape.members) if (member.name === 'message' || member.name === 'Message') return member.jsonName;
  }
  return service?.errorMessageMember ?? 'message';
}

export function serializeJsonError(service: ServiceModel | undefined, wire: WireError, error: AwsError, requestId: string): WireResponse {
  const headers: Record<string, string> = {
    'content-type': jsonContentType(service),
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': wire.code,
  };
  if (service?.awsQueryCompatible) headers['x-amzn-query-error'] = `${wire.code};${wire.senderFault ? 'Sender' : 'Receiver'}`;
  return { status: wire.status, headers, body: jsonErrorBody(service, wire, error, true) };
}

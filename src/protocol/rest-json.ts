// restJson1 (GuardDuty, Security Hub, ...): input from path labels, query string, headers and a JSON
// body (or a payload member); output status from the operation's responseCode, headers, JSON body.
// Errors: the x-amzn-ErrorType header and a JSON body with the message and the shape's members.
import type { AwsError } from '../errors.js';
import { readHttpBindings, writeHttpBindings } from './http-bindings.js';
import { jsonErrorBody, parseJsonBody, readingBody } from './json.js';
import { readJsonStructure, readJsonValue, writeJsonStructure, writeJsonValue } from './json-shapes.js';
import type { OperationModel, ServiceModel } from './model.js';
import { queryParams } from './request-params.js';
import { toBytes } from './values.js';
import type { WireError } from './wire-errors.js';
import type { WireRequest, WireResponse } from './wire.js';

export function parseRestJsonRequest(operation: OperationModel, req: WireRequest, pathLabels: Record<string, string> | undefined): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const shape = operation.input;
  if (!shape) return input;
  return readingBody(() => {
    readHttpBindings(shape, { labels: pathLabels, query: queryParams(req), headers: req.headers, uriQuery: operation.uri.query }, input);
    const payload = shape.payload;
    if (payload) {
      const type = payload.shape.type;
      if (type === 'blob') {
        if (req.body.length > 0 || payload.shape.streaming) input[payload.name] = req.body;
      } else if (type === 'string') {
        if (req.body.length > 0) input[payload.name] = req.body.toString('utf8');
      } else if (req.body.length > 0) {
        input[payload.name] = readJsonValue(payload, parseJsonBody(req.body));
      }
    } else if (shape.bodyMembers.length > 0) {
      readJsonStructure(shape, parseJsonBody(req.body), input);
    }
    return input;
  });
}

export function serializeRestJsonResponse(operation: OperationModel, output: unknown, requestId: string): WireResponse {
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
  const shape = operation.output;
  let status = operation.responseCode;
  let body: Buffer | string = '';
  if (shape) {
    const record = (output ?? {}) as Record<string, unknown>;
    status = writeHttpBindings(shape, record, headers) ?? status;
    const payload = shape.payload;
    if (payload) {
      const value = record[payload.name];
      if (value !== undefined && value !== null) {
        if (payload.shape.type === 'blob') {
          body = toBytes(value);
          headers['content-type'] ??= 'application/octet-stream';
        } else if (payload.shape.type === 'string') {
          body = String(value);
          headers['content-type'] ??= 'text/plain';
        } else {
          body = writeJsonValue(payload, value);
          headers['content-type'] = 'application/json';
        }
      }
    } else {
      body = writeJsonStructure(shape, record, shape.bodyMembers);
      headers['content-type'] = 'application/json';
    }
  } else {
    body = '{}';
    headers['content-type'] = 'application/json';
  }
  return { status, headers, body };
}

export function serializeRestJsonError(service: ServiceModel | undefined, wire: WireError, error: AwsError, requestId: string): WireResponse {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': wire.code,
  };
  if (wire.shape && error.fields) writeHttpBindings(wire.shape, error.fields, headers);
  return { status: wire.status, headers, body: jsonErrorBody(service, wire, error, false) };
}

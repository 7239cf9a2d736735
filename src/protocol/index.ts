// The protocol layer: everything between a request's bytes and a handler's typed input, and between
// a handler's output (or AwsError) and the response's bytes, for the four AWS protocols
// (json 1.0/1.1, rest-json, query, rest-xml), driven by the generated service schemas.
//
//   const route = routeRequest(req, { signingName });         // which service and operation
//   if (!route.ok) return serializeError(route.service, route.error, requestId, req);
//   const input = parseInput(route.service, route.operation, req, route);   // typed, validated; throws AwsError
//   ... handler ...
//   return serializeOutput(route.service, route.operation, output, requestId);
//   // on failure: serializeError(service, awsError, requestId, req)
//
// Values are the runtime types of src/generated/<id>/types.ts. Response header names are lower case;
// every response carries the request id as its protocol does (x-amzn-requestid; S3's x-amz-request-id
// and x-amz-id-2; query also <RequestId> in the body). Schemas load lazily, one service at a time.
import { type AwsError, type Protocol, commonError } from '../errors.js';
import { parseJsonRequest, serializeJsonError, serializeJsonResponse } from './json.js';
import { allServiceIds, loadServiceModel } from './loader.js';
import type { OperationModel, ServiceModel } from './model.js';
import { parseQueryRequest, serializeQueryError, serializeQueryResponse } from './query.js';
import { looksLikeQuery } from './request-params.js';
import { parseRestJsonRequest, serializeRestJsonError, serializeRestJsonResponse } from './rest-json.js';
import { MALFORMED_XML_MESSAGE, parseRestXmlRequest, serializeRestXmlError, serializeRestXmlResponse } from './rest-xml.js';
import { routeRequest } from './router.js';
import { findMissingRequired, validateStructure, validationMessage } from './validate.js';
import { resolveWireError } from './wire-errors.js';
import type { WireRequest, WireResponse } from './wire.js';

export type { WireRequest, WireResponse } from './wire.js';
export type { Member, OperationModel, ServiceModel, Shape } from './model.js';
export type { RouteHint, RouteResult } from './router.js';
export { allServiceIds, loadServiceModel, routeRequest };

/**
 * The operation's input from the request, as runtime values (Buffer for blobs, Date for timestamps),
 * validated against the model. Throws an AwsError the caller passes to serializeError.
 */
export function parseInput(
  service: ServiceModel,
  operation: OperationModel,
  req: WireRequest,
  route: { pathLabels?: Record<string, string> },
): Record<string, unknown> {
  let input: Record<string, unknown>;
  switch (service.protocol) {
    case 'json':
      input = parseJsonRequest(operation, req);
      break;
    case 'rest-json':
      input = parseRestJsonRequest(operation, req, route.pathLabels);
      break;
    case 'query':
      input = parseQueryRequest(operation, req);
      break;
    case 'rest-xml':
      input = parseRestXmlRequest(operation, req, route.pathLabels);
      break;
  }
  validateInput(service, operation, input);
  return input;
}

/** Throws the AwsError AWS's front end answers for an input that breaks the model's constraints. */
export function validateInput(service: ServiceModel, operation: OperationModel, input: Record<string, unknown>): void {
  const shape = operation.input;
  if (!shape) return;
  if (service.protocol === 'rest-xml') {
    // S3 does not validate lengths and patterns this way; a missing required member is its own error.
    const missing = findMissingRequired(shape, input);
    if (missing === undefined) return;
    if (missing.inBody) throw commonError('Serialization', MALFORMED_XML_MESSAGE);
    throw commonError('Validation', `The ${missing.member.locationName ?? missing.member.name} parameter is required.`);
  }
  const failures = validateStructure(shape, input);
  if (failures.length > 0) throw commonError('Validation', validationMessage(failures));
}

/** The response for a handler's output, in the service's protocol. */
export function serializeOutput(service: ServiceModel, operation: OperationModel, output: unknown, requestId: string): WireResponse {
  switch (service.protocol) {
    case 'json':
      return serializeJsonResponse(service, operation, output, requestId);
    case 'rest-json':
      return serializeRestJsonResponse(operation, output, requestId);
    case 'query':
      return serializeQueryResponse(service, operation, output, requestId);
    case 'rest-xml':
      return serializeRestXmlResponse(service, operation, output, requestId);
  }
}

/**
 * The response for an error. Without a service (the request could not be routed) the protocol is
 * read from the request's shape: X-Amz-Target means json, a form Action query, anything else XML.
 */
export function serializeError(service: ServiceModel | undefined, error: AwsError, requestId: string, req?: WireRequest): WireResponse {
  const protocol = service?.protocol ?? protocolOfRequest(req);
  const wire = resolveWireError(service, protocol, error);
  let response: WireResponse;
  switch (protocol) {
    case 'json':
      response = serializeJsonError(service, wire, error, requestId);
      break;
    case 'rest-json':
      response = serializeRestJsonError(service, wire, error, requestId);
      break;
    case 'query':
      response = serializeQueryError(service, wire, error, requestId);
      break;
    case 'rest-xml':
      response = serializeRestXmlError(wire, error, requestId, req);
      break;
  }
  if (error.headers) Object.assign(response.headers, lowerCaseKeys(error.headers));
  return response;
}

function protocolOfRequest(req: WireRequest | undefined): Protocol {
  if (req === undefined) return 'rest-xml';
  if (req.headers['x-amz-target'] !== undefined || req.headers['content-type']?.startsWith('application/x-amz-json')) return 'json';
  if (looksLikeQuery(req)) return 'query';
  return 'rest-xml';
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

/** The code an error has on the wire for this service (what clients and CloudTrail records see). */
export function wireErrorCode(service: ServiceModel, error: AwsError): string {
  return resolveWireError(service, service.protocol, error).code;
}

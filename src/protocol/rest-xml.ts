// restXml (S3): input from path labels (bucket and key), query string, headers (`x-amz-meta-*` maps)
// and an XML or raw payload; output as headers plus an XML document or raw bytes. Errors:
// <Error><Code/><Message/>...<RequestId/><HostId/></Error>, with no body for HEAD requests.
import { type AwsError, commonError } from '../errors.js';
import { readHttpBindings, writeHttpBindings } from './http-bindings.js';
import type { OperationModel, ServiceModel, Shape } from './model.js';
import { errorFieldsXml } from './query.js';
import { queryParams } from './request-params.js';
import { ValueError, toBytes } from './values.js';
import type { WireError } from './wire-errors.js';
import type { WireRequest, WireResponse } from './wire.js';
import { escapeXmlText } from './xml-escape.js';
import { XmlSyntaxError, parseXml } from './xml-reader.js';
import { namespaceAttribute, readXmlStructure, readXmlValue, scalarText, writeXmlAttributes, writeXmlElement, writeXmlMembers } from './xml-shapes.js';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
export const MALFORMED_XML_MESSAGE = 'The XML you provided was not well-formed or did not validate against our published schema';

export function parseRestXmlRequest(operation: OperationModel, req: WireRequest, pathLabels: Record<string, string> | undefined): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const shape = operation.input;
  if (!shape) return input;
  let query;
  try {
    query = queryParams(req);
    readHttpBindings(shape, { labels: pathLabels, query, headers: req.headers, uriQuery: operation.uri.query }, input);
  } catch (error) {
    // A header or query value of the wrong type: S3 calls that an invalid argument.
    if (error instanceof ValueError) throw commonError('Validation', error.message);
    throw error;
  }
  const payload = shape.payload;
  if (payload) {
    const type = payload.shape.type;
    if (type === 'blob') {
      if (req.body.length > 0 || payload.shape.streaming) input[payload.name] = req.body;
    } else if (type === 'string') {
      if (req.body.length > 0) input[payload.name] = req.body.toString('utf8');
    } else if (req.body.length > 0) {
      input[payload.name] = readingXml(() => readXmlValue(payload, parseXml(req.body.toString('utf8'))));
    }
  } else if (shape.bodyMembers.length > 0 && req.body.length > 0) {
    readingXml(() => readXmlStructure(shape, parseXml(req.body.toString('utf8')), input, shape.bodyMembers));
  }
  return input;
}

function readingXml<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ValueError || error instanceof XmlSyntaxError) throw commonError('Serialization', MALFORMED_XML_MESSAGE);
    throw error;
  }
}

function s3Headers(requestId: string): Record<string, string> {
  return { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId(requestId) };
}

/** S3's x-amz-id-2 is an opaque token identifying the serving host and request. */
function hostId(requestId: string): string {
  return Buffer.from(`rampart/${requestId}`, 'utf8').toString('base64');
}

export function serializeRestXmlResponse(service: ServiceModel, operation: OperationModel, output: unknown, requestId: string): WireResponse {
  const headers = s3Headers(requestId);
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
        } else if (payload.shape.type === 'string') {
          body = String(value);
        } else {
          const root = payload.locationName ?? payload.shape.locationName ?? payload.shape.name;
          body = XML_DECLARATION + writeXmlElement(root, payload, value, payload.xmlNamespace ?? payload.shape.xmlNamespace ?? defaultNamespace(service));
          headers['content-type'] = 'application/xml';
        }
      }
    } else if (shape.bodyMembers.length > 0) {
      body = XML_DECLARATION + rootDocument(service, operation, shape, record);
      headers['content-type'] = 'application/xml';
    }
  }
  if (operation.method === 'HEAD') body = '';
  return { status, headers, body };
}

function defaultNamespace(service: ServiceModel) {
  return service.xmlNamespace === undefined ? undefined : { uri: service.xmlNamespace, prefix: undefined };
}

/** The output's body members under the operation's root element (e.g. ListBucketResult). */
function rootDocument(service: ServiceModel, operation: OperationModel, shape: Shape, record: Record<string, unknown>): string {
  const root = shape.locationName ?? `${operation.name}Result`;
  const ns = namespaceAttribute(shape.xmlNamespace ?? defaultNamespace(service));
  const members = shape.bodyMembers;
  // A root holding one scalar of its own name is that scalar's text: <LocationConstraint>eu-west-1</LocationConstraint>.
  if (members.length === 1 && members[0].xmlName === root && members[0].shape.isScalar()) {
    const value = record[members[0].name];
    const text = value === undefined || value === null ? '' : escapeXmlText(scalarText(members[0], value));
    return `<${root}${ns}>${text}</${root}>`;
  }
  return `<${root}${ns}${writeXmlAttributes(shape, record)}>${writeXmlMembers(shape, record, members)}</${root}>`;
}

export function serializeRestXmlError(wire: WireError, error: AwsError, requestId: string, req: WireRequest | undefined): WireResponse {
  const headers: Record<string, string> = s3Headers(requestId);
  if (req?.method.toUpperCase() === 'HEAD') return { status: wire.status, headers, body: '' };
  headers['content-type'] = 'application/xml';
  let body = `${XML_DECLARATION}<Error><Code>${escapeXmlText(wire.code)}</Code><Message>${escapeXmlText(wire.message)}</Message>`;
  body += errorFieldsXml(wire, error);
  body += `<RequestId>${escapeXmlText(requestId)}</RequestId><HostId>${hostId(requestId)}</HostId></Error>`;
  return { status: wire.status, headers, body };
}

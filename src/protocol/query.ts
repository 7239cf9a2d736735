// awsQuery (IAM, STS): input as form parameters (`Tags.member.1.Key=...`), output as XML wrapped in
// <XResponse><XResult>...</XResult><ResponseMetadata><RequestId/></ResponseMetadata></XResponse>.
// Errors: <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>.
import type { AwsError } from '../errors.js';
import { readingBody } from './json.js';
import { defineKey } from './json-shapes.js';
import type { Member, OperationModel, ServiceModel, Shape } from './model.js';
import type { QueryParams } from './query-string.js';
import { formParams } from './request-params.js';
import { ValueError } from './values.js';
import type { WireError } from './wire-errors.js';
import { looseFieldText } from './wire-errors.js';
import type { WireRequest, WireResponse } from './wire.js';
import { escapeXmlAttribute, escapeXmlText } from './xml-escape.js';
import { readScalarText, writeXmlElement, writeXmlMembers } from './xml-shapes.js';

// ---------------------------------------------------------------------------------------------
// Parsing: flat `A.B.1.C=v` parameters become a tree, which is then read along the shape.

interface ParamNode {
  value: string | undefined;
  children: Map<string, ParamNode> | undefined;
}

function buildTree(params: QueryParams): ParamNode {
  const root: ParamNode = { value: undefined, children: undefined };
  for (const [key, values] of params) {
    let node = root;
    let start = 0;
    for (;;) {
      const dot = key.indexOf('.', start);
      const segment = dot < 0 ? key.slice(start) : key.slice(start, dot);
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (!child) {
        child = { value: undefined, children: undefined };
        node.children.set(segment, child);
      }
      node = child;
      if (dot < 0) break;
      start = dot + 1;
    }
    node.value = values[values.length - 1];
  }
  return root;
}

export function parseQueryRequest(operation: OperationModel, req: WireRequest): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const shape = operation.input;
  if (!shape) return input;
  return readingBody(() => readStructure(shape, buildTree(formParams(req)), input));
}

function readStructure(shape: Shape, node: ParamNode, into: Record<string, unknown> = {}): Record<string, unknown> {
  if (!node.children) return into;
  for (const member of shape.members) {
    const child = node.children.get(member.queryName);
    if (child === undefined) continue;
    const value = readValue(member, child);
    if (value !== undefined) into[member.name] = value;
  }
  return into;
}

function readValue(member: Member, node: ParamNode): unknown {
  const shape = member.shape;
  switch (shape.type) {
    case 'structure':
      return readStructure(shape, node);
    case 'list': {
      const item = shape.listMember!;
      const container = member.flattened ? node : node.children?.get(item.locationName ?? 'member');
      // An empty list is sent as `Name=` with nothing under it.
      if (!container?.children) return node.value !== undefined || container ? [] : undefined;
      return indexed(container).map((child) => readValue(item, child));
    }
    case 'map': {
      const container = member.flattened ? node : node.children?.get('entry');
      if (!container?.children) return node.value !== undefined ? {} : undefined;
      const keyName = shape.mapKey!.locationName ?? 'key';
      const valueMember = shape.mapValue!;
      const valueName = valueMember.locationName ?? 'value';
      const out: Record<string, unknown> = {};
      for (const entry of indexed(container)) {
        const key = entry.children?.get(keyName)?.value;
        const valueNode = entry.children?.get(valueName);
        if (key === undefined) throw new ValueError('map entry without a key');
        if (valueNode !== undefined) defineKey(out, key, readValue(valueMember, valueNode));
      }
      return out;
    }
    default:
      if (node.value === undefined) return undefined;
      return readScalarText(member, node.value);
  }
}

/** The children named 1, 2, 3, ... in numeric order. */
function indexed(node: ParamNode): ParamNode[] {
  const entries: [number, ParamNode][] = [];
  for (const [key, child] of node.children!) {
    if (!/^[1-9]\d*$/.test(key)) continue;
    entries.push([Number(key), child]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  return entries.map((e) => e[1]);
}

// ---------------------------------------------------------------------------------------------
// Serializing

export function serializeQueryResponse(service: ServiceModel, operation: OperationModel, output: unknown, requestId: string): WireResponse {
  const name = operation.name;
  const ns = service.xmlNamespace ? ` xmlns="${escapeXmlAttribute(service.xmlNamespace)}"` : '';
  let body = `<${name}Response${ns}>`;
  const shape = operation.output;
  if (shape) {
    const resultName = operation.resultWrapper ?? `${name}Result`;
    body += `<${resultName}>${writeXmlMembers(shape, (output ?? {}) as Record<string, unknown>)}</${resultName}>`;
  }
  body += `<ResponseMetadata><RequestId>${escapeXmlText(requestId)}</RequestId></ResponseMetadata></${name}Response>`;
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}

export function serializeQueryError(service: ServiceModel | undefined, wire: WireError, error: AwsError, requestId: string): WireResponse {
  const ns = service?.xmlNamespace ? ` xmlns="${escapeXmlAttribute(service.xmlNamespace)}"` : '';
  let body = `<ErrorResponse${ns}><Error><Type>${wire.senderFault ? 'Sender' : 'Receiver'}</Type>`;
  body += `<Code>${escapeXmlText(wire.code)}</Code><Message>${escapeXmlText(wire.message)}</Message>`;
  body += errorFieldsXml(wire, error);
  body += `</Error><RequestId>${escapeXmlText(requestId)}</RequestId></ErrorResponse>`;
  return { status: wire.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}

/** An error's extra fields as XML elements: per the error shape's members, else as text. */
export function errorFieldsXml(wire: WireError, error: AwsError): string {
  if (!error.fields) return '';
  let out = '';
  for (const [name, value] of Object.entries(error.fields)) {
    if (value === undefined || value === null || name === 'Code' || name === 'Message' || name === 'message') continue;
    const member = wire.shape?.memberByName.get(name);
    if (member) {
      if (member.location === undefined) out += writeXmlElement(member.xmlElementName, member, value, member.xmlNamespace);
    } else {
      const text = looseFieldText(value);
      if (text !== undefined && /^[A-Za-z_][\w.-]*$/.test(name)) out += `<${name}>${escapeXmlText(text)}</${name}>`;
    }
  }
  return out;
}

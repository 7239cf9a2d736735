// Shape-directed XML, shared by the query protocol (responses) and rest-xml (requests and responses):
// element names from locationName, lists wrapped in <member> (or the list member's locationName)
// unless flattened, maps as <entry><key/><value/></entry>, xmlAttribute members as attributes,
// timestamps ISO 8601 unless the model says otherwise, blobs base64.
import type { Member, Shape, XmlNamespace } from './model.js';
import { defineKey } from './json-shapes.js';
import { escapeXmlAttribute, escapeXmlText } from './xml-escape.js';
import type { XmlElement } from './xml-reader.js';
import {
  ValueError,
  decodeBase64,
  encodeBase64,
  formatTimestamp,
  numberText,
  parseBooleanText,
  parseFloatText,
  parseIntegerText,
  parseTimestampText,
} from './values.js';

// ---------------------------------------------------------------------------------------------
// Writing

export function namespaceAttribute(ns: XmlNamespace | undefined): string {
  if (!ns) return '';
  return ns.prefix ? ` xmlns:${ns.prefix}="${escapeXmlAttribute(ns.uri)}"` : ` xmlns="${escapeXmlAttribute(ns.uri)}"`;
}

/** The children of a structure element: its non-attribute members with a value, in model order. */
export function writeXmlMembers(shape: Shape, value: Record<string, unknown>, members: readonly Member[] = shape.members): string {
  let out = '';
  for (const member of members) {
    if (member.xmlAttribute) continue;
    const v = value[member.name];
    if (v === undefined || v === null) continue;
    out += writeXmlMember(member, v);
  }
  return out;
}

/** The attributes a structure's xmlAttribute members contribute to its element. */
export function writeXmlAttributes(shape: Shape, value: Record<string, unknown>): string {
  let out = '';
  for (const member of shape.members) {
    if (!member.xmlAttribute) continue;
    const v = value[member.name];
    if (v === undefined || v === null) continue;
    out += ` ${member.xmlName}="${escapeXmlAttribute(scalarText(member, v))}"`;
  }
  return out;
}

/** One member of a structure, under its element name (a flattened list repeats it per item). */
export function writeXmlMember(member: Member, value: unknown): string {
  const shape = member.shape;
  if (shape.type === 'list' && member.flattened) {
    if (!Array.isArray(value)) throw new TypeError(`${shape.name}: expected an array in output`);
    let out = '';
    for (const item of value) if (item !== undefined && item !== null) out += writeXmlElement(member.xmlElementName, shape.listMember!, item, member.xmlNamespace);
    return out;
  }
  if (shape.type === 'map' && member.flattened) {
    return writeMapEntries(shape, value, member.xmlElementName);
  }
  return writeXmlElement(member.xmlElementName, member, value, member.xmlNamespace);
}

/** `<name>value</name>` for a value of `member`'s shape. */
export function writeXmlElement(name: string, member: Member, value: unknown, ns?: XmlNamespace): string {
  const shape = member.shape;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null) throw new TypeError(`${shape.name}: expected an object in output`);
      const record = value as Record<string, unknown>;
      const nsAttr = namespaceAttribute(ns ?? shape.xmlNamespace);
      return `<${name}${nsAttr}${writeXmlAttributes(shape, record)}>${writeXmlMembers(shape, record)}</${name}>`;
    }
    case 'list': {
      if (!Array.isArray(value)) throw new TypeError(`${shape.name}: expected an array in output`);
      const item = shape.listMember!;
      const itemName = item.locationName ?? 'member';
      let out = `<${name}${namespaceAttribute(ns)}>`;
      for (const v of value) if (v !== undefined && v !== null) out += writeXmlElement(itemName, item, v, item.xmlNamespace);
      return `${out}</${name}>`;
    }
    case 'map':
      return `<${name}${namespaceAttribute(ns)}>${writeMapEntries(shape, value, 'entry')}</${name}>`;
    default:
      return `<${name}${namespaceAttribute(ns)}>${escapeXmlText(scalarText(member, value))}</${name}>`;
  }
}

function writeMapEntries(shape: Shape, value: unknown, entryName: string): string {
  if (typeof value !== 'object' || value === null) throw new TypeError(`${shape.name}: expected an object in output`);
  const keyMember = shape.mapKey!;
  const valueMember = shape.mapValue!;
  const keyName = keyMember.locationName ?? 'key';
  const valueName = valueMember.locationName ?? 'value';
  let out = '';
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    out += `<${entryName}><${keyName}>${escapeXmlText(k)}</${keyName}>${writeXmlElement(valueName, valueMember, v)}</${entryName}>`;
  }
  return out;
}

/** A scalar as XML/header/query text. */
export function scalarText(member: Member, value: unknown, defaultTimestamp: 'iso8601' | 'rfc822' = 'iso8601'): string {
  const shape = member.shape;
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') throw new TypeError(`${shape.name}: expected a string in output, got ${typeof value}`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw new TypeError(`${shape.name}: expected a boolean in output, got ${typeof value}`);
      return value ? 'true' : 'false';
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      if (typeof value !== 'number') throw new TypeError(`${shape.name}: expected a number in output, got ${typeof value}`);
      return numberText(value);
    case 'timestamp':
      return formatTimestamp(value, member.timestampFormat ?? defaultTimestamp);
    case 'blob':
      return encodeBase64(value);
    default:
      throw new TypeError(`${shape.name}: ${shape.type} is not a scalar`);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

function childIndex(el: XmlElement): Map<string, XmlElement[]> {
  const index = new Map<string, XmlElement[]>();
  for (const child of el.children) {
    const list = index.get(child.name);
    if (list) list.push(child);
    else index.set(child.name, [child]);
  }
  return index;
}

/** Reads the non-located members of a structure from its element. */
export function readXmlStructure(shape: Shape, el: XmlElement, into: Record<string, unknown> = {}, members: readonly Member[] = shape.members): Record<string, unknown> {
  const index = el.children.length > 0 ? childIndex(el) : undefined;
  for (const member of members) {
    if (member.location !== undefined) continue;
    if (member.xmlAttribute) {
      const attr = el.attributes[member.xmlName];
      if (attr !== undefined) into[member.name] = readScalarText(member, attr);
      continue;
    }
    const found = index?.get(member.xmlElementName);
    if (!found) continue;
    if (member.flattened && member.shape.type === 'list') {
      const item = member.shape.listMember!;
      into[member.name] = found.map((e) => readXmlValue(item, e));
    } else if (member.flattened && member.shape.type === 'map') {
      into[member.name] = readMapEntries(member.shape, found);
    } else {
      into[member.name] = readXmlValue(member, found[0]);
    }
  }
  return into;
}

export function readXmlValue(member: Member, el: XmlElement): unknown {
  const shape = member.shape;
  switch (shape.type) {
    case 'structure':
      return readXmlStructure(shape, el);
    case 'list': {
      const item = shape.listMember!;
      const itemName = item.locationName ?? 'member';
      const out: unknown[] = [];
      for (const child of el.children) if (child.name === itemName) out.push(readXmlValue(item, child));
      return out;
    }
    case 'map':
      return readMapEntries(shape, el.children.filter((c) => c.name === 'entry'));
    default:
      return readScalarText(member, el.text);
  }
}

function readMapEntries(shape: Shape, entries: readonly XmlElement[]): Record<string, unknown> {
  const keyName = shape.mapKey!.locationName ?? 'key';
  const valueMember = shape.mapValue!;
  const valueName = valueMember.locationName ?? 'value';
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    let key: string | undefined;
    let valueEl: XmlElement | undefined;
    for (const child of entry.children) {
      if (child.name === keyName) key = child.text;
      else if (child.name === valueName) valueEl = child;
    }
    if (key === undefined) throw new ValueError('map entry without a key');
    if (valueEl !== undefined) defineKey(out, key, readXmlValue(valueMember, valueEl));
  }
  return out;
}

/** A scalar from XML text, a header, a query parameter or a form field. */
export function readScalarText(member: Member, text: string): unknown {
  const shape = member.shape;
  switch (shape.type) {
    case 'string':
      return text;
    case 'boolean':
      return parseBooleanText(text);
    case 'integer':
    case 'long':
      return parseIntegerText(text, shape.type);
    case 'float':
    case 'double':
      return parseFloatText(text);
    case 'timestamp':
      return parseTimestampText(text);
    case 'blob':
      return decodeBase64(text.trim());
    default:
      throw new ValueError(`${shape.type} where a value was expected`);
  }
}

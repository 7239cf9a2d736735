// The runtime service model: schema.json linked into an object graph, with everything the parsers,
// serializers and validator would otherwise recompute per request (wire names, required members,
// lower-cased validation names, sensitivity, compiled patterns). Linking is lazy: an operation and the
// shapes it reaches are linked the first time the operation is used, so a KMS that only ever serves
// Encrypt links a dozen shapes, not the whole model.
import type { Protocol } from '../errors.js';
import { compileJavaPattern } from './java-regex.js';
import type {
  MemberLocation,
  OperationDoc,
  SchemaDocument,
  ShapeDoc,
  ShapeRefDoc,
  ShapeType,
  TimestampFormat,
  XmlNamespaceDoc,
} from './schema.js';
import { SCHEMA_FORMAT } from './schema.js';

export type { ShapeType, TimestampFormat, MemberLocation } from './schema.js';

export interface XmlNamespace {
  readonly uri: string;
  readonly prefix: string | undefined;
}

export interface ErrorTrait {
  readonly code: string;
  readonly status: number;
  readonly senderFault: boolean;
}

const NO_MEMBERS: readonly Member[] = Object.freeze([]);
const NO_MEMBER_MAP: ReadonlyMap<string, Member> = new Map();

/** A shape of the model. One class for every type keeps property access monomorphic. */
export class Shape {
  readonly name: string;
  readonly type: ShapeType;
  // Structure
  members: readonly Member[] = NO_MEMBERS;
  /** Members by member name. */
  memberByName: ReadonlyMap<string, Member> = NO_MEMBER_MAP;
  /** Members without an HTTP location (the body), by their JSON key. */
  bodyMemberByJsonName: ReadonlyMap<string, Member> = NO_MEMBER_MAP;
  /** Members without an HTTP location (the body). */
  bodyMembers: readonly Member[] = NO_MEMBERS;
  requiredMembers: readonly Member[] = NO_MEMBERS;
  payload: Member | undefined;
  readonly union: boolean;
  readonly document: boolean;
  readonly error: ErrorTrait | undefined;
  readonly eventstream: boolean;
  // List / map
  listMember: Member | undefined;
  mapKey: Member | undefined;
  mapValue: Member | undefined;
  // Serialization
  readonly locationName: string | undefined;
  readonly xmlNamespace: XmlNamespace | undefined;
  readonly flattened: boolean;
  readonly timestampFormat: TimestampFormat | undefined;
  readonly streaming: boolean;
  readonly jsonvalue: boolean;
  // Constraints
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly pattern: string | undefined;
  readonly enumValues: readonly string[] | undefined;
  readonly enumSet: ReadonlySet<string> | undefined;
  readonly sensitive: boolean;
  /** This shape or anything it contains is sensitive: its value must never be echoed. */
  containsSensitive = false;
  /** Whether validation has anything to check in values of this shape (constraints or required members below). */
  hasConstraints = false;
  /** containsSensitive and hasConstraints are final (computed over everything this shape reaches). */
  prepared = false;
  private compiledPattern: RegExp | undefined;

  constructor(name: string, doc: ShapeDoc) {
    this.name = name;
    this.type = doc.type;
    this.union = doc.union === true;
    this.document = doc.document === true;
    this.error = doc.error;
    this.eventstream = doc.eventstream === true;
    this.locationName = doc.locationName;
    this.xmlNamespace = namespaceOf(doc.xmlNamespace);
    this.flattened = doc.flattened === true;
    this.timestampFormat = doc.timestampFormat;
    this.streaming = doc.streaming === true;
    this.jsonvalue = doc.jsonvalue === true;
    this.min = doc.min;
    this.max = doc.max;
    this.pattern = doc.pattern;
    this.enumValues = doc.enum;
    this.enumSet = doc.enum ? new Set(doc.enum) : undefined;
    this.sensitive = doc.sensitive === true;
  }

  /** The `pattern` constraint, compiled on first use. */
  get regex(): RegExp | undefined {
    if (this.pattern === undefined) return undefined;
    return (this.compiledPattern ??= compileJavaPattern(this.pattern));
  }

  isScalar(): boolean {
    return this.type !== 'structure' && this.type !== 'list' && this.type !== 'map';
  }
}

/** A reference to a shape from a structure (a member), a list (its member) or a map (key, value). */
export class Member {
  readonly name: string;
  readonly shape: Shape;
  readonly location: MemberLocation | undefined;
  readonly locationName: string | undefined;
  /** Lower-cased header name for `header` members, prefix for `headers` maps. */
  readonly headerName: string | undefined;
  /** The JSON key (rest-json honours locationName; json 1.x models never set it on body members). */
  readonly jsonName: string;
  /** The XML element (or attribute) name. */
  readonly xmlName: string;
  /** The awsQuery parameter segment. */
  readonly queryName: string;
  readonly flattened: boolean;
  readonly xmlAttribute: boolean;
  readonly xmlNamespace: XmlNamespace | undefined;
  readonly jsonvalue: boolean;
  readonly timestampFormat: TimestampFormat | undefined;
  readonly idempotencyToken: boolean;
  required = false;
  /** The name in validation messages: AWS lower-cases the first letter (`keyId`, `sAMLOptions`). */
  readonly validationName: string;

  constructor(name: string, ref: ShapeRefDoc, shape: Shape, listItemLocationName: string | undefined) {
    this.name = name;
    this.shape = shape;
    this.location = ref.location;
    this.locationName = ref.locationName;
    this.headerName =
      ref.location === 'header' || ref.location === 'headers' ? (ref.locationName ?? name).toLowerCase() : undefined;
    this.jsonName = ref.locationName ?? name;
    this.xmlName = ref.locationName ?? name;
    this.queryName = ref.queryName ?? ref.locationName ?? name;
    this.flattened = ref.flattened === true || shape.flattened;
    this.xmlAttribute = ref.xmlAttribute === true;
    this.xmlNamespace = namespaceOf(ref.xmlNamespace);
    this.jsonvalue = ref.jsonvalue === true || shape.jsonvalue;
    this.timestampFormat = ref.timestampFormat ?? shape.timestampFormat;
    this.idempotencyToken = ref.idempotencyToken === true;
    this.validationName = name.length > 0 ? name[0].toLowerCase() + name.slice(1) : name;
    this.xmlElementName =
      this.flattened && shape.type === 'list' && listItemLocationName !== undefined && ref.locationName === undefined
        ? listItemLocationName
        : this.xmlName;
  }

  /**
   * The element name of this member in a structure's XML: a flattened list takes its item name from
   * the list member's locationName when it has one (botocore's rule), otherwise the member's name.
   */
  readonly xmlElementName: string;
}

function namespaceOf(doc: XmlNamespaceDoc | undefined): XmlNamespace | undefined {
  return doc ? { uri: doc.uri, prefix: doc.prefix } : undefined;
}

export interface UriTemplate {
  /** Path part, e.g. `/{Bucket}/{Key+}`. */
  readonly path: string;
  /** Literal query parts, e.g. `?list-type=2` -> [['list-type', '2']], `?uploads` -> [['uploads', undefined]]. */
  readonly query: readonly (readonly [string, string | undefined])[];
}

export class OperationModel {
  readonly name: string;
  readonly method: string;
  readonly requestUri: string;
  readonly uri: UriTemplate;
  readonly responseCode: number;
  readonly input: Shape | undefined;
  readonly resultWrapper: string | undefined;
  readonly deprecated: boolean;
  readonly checksumRequired: boolean;
  private readonly doc: OperationDoc;
  private readonly resolve: (name: string) => Shape | undefined;
  private outputShape: Shape | undefined | null = null;
  private errorShapes: readonly Shape[] | undefined;

  constructor(name: string, doc: OperationDoc, resolve: (name: string) => Shape | undefined) {
    this.name = name;
    this.method = doc.method;
    this.requestUri = doc.uri;
    this.uri = parseUri(doc.uri);
    this.responseCode = doc.status;
    this.input = doc.input === undefined ? undefined : resolve(doc.input);
    this.resultWrapper = doc.resultWrapper;
    this.deprecated = doc.deprecated === true;
    this.checksumRequired = doc.checksumRequired === true;
    this.doc = doc;
    this.resolve = resolve;
  }

  /** The output shape, linked on first use (routing builds every operation, but serializes few). */
  get output(): Shape | undefined {
    if (this.outputShape === null) this.outputShape = this.doc.output === undefined ? undefined : this.resolve(this.doc.output);
    return this.outputShape;
  }

  /** The exceptions the model lists for this operation. */
  get errors(): readonly Shape[] {
    return (this.errorShapes ??= (this.doc.errors ?? []).map((e) => this.resolve(e)).filter((s): s is Shape => s !== undefined));
  }
}

function parseUri(uri: string): UriTemplate {
  const q = uri.indexOf('?');
  if (q < 0) return { path: uri, query: [] };
  const query: [string, string | undefined][] = [];
  for (const part of uri.slice(q + 1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    query.push(eq < 0 ? [part, undefined] : [part.slice(0, eq), part.slice(eq + 1)]);
  }
  return { path: uri.slice(0, q), query };
}

export class ServiceModel {
  /** Rampart's id (the SDK v3 client name): `kms`, `secrets-manager`, ... */
  readonly id: string;
  /** AWS's serviceId: `KMS`, `Secrets Manager`, ... */
  readonly serviceId: string;
  readonly protocol: Protocol;
  readonly apiVersion: string;
  readonly endpointPrefix: string;
  readonly signingName: string;
  readonly jsonVersion: string | undefined;
  readonly targetPrefix: string | undefined;
  readonly xmlNamespace: string | undefined;
  readonly globalEndpoint: string | undefined;
  readonly awsQueryCompatible: boolean;
  readonly errorMessageMember: string;
  readonly operationNames: readonly string[];
  private readonly operationDocs: Record<string, OperationDoc>;
  private readonly shapeDocs: Record<string, ShapeDoc>;
  private readonly operations = new Map<string, OperationModel>();
  private readonly shapes = new Map<string, Shape>();
  /** Exception shape names by shape name and by wire code, built on first use. */
  private errorNames: Map<string, string> | undefined;

  constructor(doc: SchemaDocument) {
    if (doc.format !== SCHEMA_FORMAT) throw new Error(`schema for ${doc.service.id} has format ${doc.format}, expected ${SCHEMA_FORMAT}`);
    const info = doc.service;
    this.id = info.id;
    this.serviceId = info.serviceId;
    this.protocol = info.protocol;
    this.apiVersion = info.apiVersion;
    this.endpointPrefix = info.endpointPrefix;
    this.signingName = info.signingName;
    this.jsonVersion = info.jsonVersion;
    this.targetPrefix = info.targetPrefix;
    this.xmlNamespace = info.xmlNamespace;
    this.globalEndpoint = info.globalEndpoint;
    this.awsQueryCompatible = info.awsQueryCompatible === true;
    this.errorMessageMember = info.errorMessageMember;
    this.operationDocs = doc.operations;
    this.shapeDocs = doc.shapes;
    this.operationNames = Object.freeze(Object.keys(doc.operations));
  }

  getOperation(name: string): OperationModel | undefined {
    const cached = this.operations.get(name);
    if (cached) return cached;
    if (!Object.prototype.hasOwnProperty.call(this.operationDocs, name)) return undefined;
    const operation = new OperationModel(name, this.operationDocs[name], (shape) => this.getShape(shape));
    this.operations.set(name, operation);
    return operation;
  }

  /** A shape, linked and prepared (with everything it reaches). */
  getShape(name: string): Shape | undefined {
    const shape = this.link(name);
    if (shape && !shape.prepared) prepare(shape);
    return shape;
  }

  /** The exception shape an error code names: by shape name (`NoSuchEntityException`) or wire code (`NoSuchEntity`). */
  errorShape(code: string): Shape | undefined {
    if (!this.errorNames) {
      const names = new Map<string, string>();
      for (const [name, doc] of Object.entries(this.shapeDocs)) if (doc.error) names.set(name, name);
      // Wire codes second, so that a shape name always wins over another shape's wire code.
      for (const [name, doc] of Object.entries(this.shapeDocs)) if (doc.error && !names.has(doc.error.code)) names.set(doc.error.code, name);
      this.errorNames = names;
    }
    const name = this.errorNames.get(code);
    return name === undefined ? undefined : this.getShape(name);
  }

  /** Creates a shape and, depth first, every shape it reaches; a shape is cached before its members so cycles close. */
  private link(name: string): Shape | undefined {
    const cached = this.shapes.get(name);
    if (cached) return cached;
    if (!Object.prototype.hasOwnProperty.call(this.shapeDocs, name)) return undefined;
    const doc = this.shapeDocs[name];
    const shape = new Shape(name, doc);
    this.shapes.set(name, shape);
    if (doc.type === 'structure') {
      const members: Member[] = [];
      const byName = new Map<string, Member>();
      const byJson = new Map<string, Member>();
      const bodyMembers: Member[] = [];
      const requiredMembers: Member[] = [];
      const required = doc.required;
      for (const memberName in doc.members) {
        const member = this.member(memberName, doc.members[memberName]);
        if (required !== undefined && required.includes(memberName)) {
          member.required = true;
          requiredMembers.push(member);
        }
        members.push(member);
        byName.set(memberName, member);
        if (member.location === undefined) {
          byJson.set(member.jsonName, member);
          bodyMembers.push(member);
        }
      }
      shape.members = members;
      shape.memberByName = byName;
      shape.bodyMemberByJsonName = byJson;
      shape.bodyMembers = bodyMembers;
      if (requiredMembers.length > 0) shape.requiredMembers = requiredMembers;
      shape.payload = doc.payload === undefined ? undefined : byName.get(doc.payload);
    } else if (doc.type === 'list' && doc.member) {
      shape.listMember = this.member('member', doc.member);
    } else if (doc.type === 'map' && doc.key && doc.value) {
      shape.mapKey = this.member('key', doc.key);
      shape.mapValue = this.member('value', doc.value);
    }
    return shape;
  }

  private member(name: string, ref: ShapeRefDoc): Member {
    const target = this.link(ref.shape);
    if (!target) throw new Error(`schema of ${this.id}: unknown shape ${ref.shape}`);
    return new Member(name, ref, target, this.shapeDocs[ref.shape].member?.locationName);
  }
}

function ownConstraints(shape: Shape): boolean {
  return shape.min !== undefined || shape.max !== undefined || shape.pattern !== undefined || shape.enumSet !== undefined || shape.requiredMembers.length > 0;
}

/**
 * Computes containsSensitive and hasConstraints for `root` and everything it reaches: a shape has
 * them when it or any shape it contains does. Propagated upwards from the shapes that have them
 * through the reachable set (closed under containment), so recursive shapes need no fixed point.
 */
function prepare(root: Shape): void {
  const closure: Shape[] = [root];
  const seen = new Set<Shape>(closure);
  for (let i = 0; i < closure.length; i++) {
    for (const child of childShapes(closure[i])) {
      if (child.prepared || seen.has(child)) continue;
      seen.add(child);
      closure.push(child);
    }
  }
  const parents = new Map<Shape, Shape[]>();
  const sensitive: Shape[] = [];
  const constrained: Shape[] = [];
  for (const shape of closure) {
    for (const child of childShapes(shape)) {
      if (child.prepared) {
        // Already final: a source of both flags for its parents here.
        if (child.containsSensitive && !shape.containsSensitive) {
          shape.containsSensitive = true;
          sensitive.push(shape);
        }
        if (child.hasConstraints && !shape.hasConstraints) {
          shape.hasConstraints = true;
          constrained.push(shape);
        }
        continue;
      }
      const list = parents.get(child);
      if (list) list.push(shape);
      else parents.set(child, [shape]);
    }
    if (shape.sensitive && !shape.containsSensitive) {
      shape.containsSensitive = true;
      sensitive.push(shape);
    }
    if (!shape.hasConstraints && ownConstraints(shape)) {
      shape.hasConstraints = true;
      constrained.push(shape);
    }
  }
  for (let i = 0; i < sensitive.length; i++) {
    for (const parent of parents.get(sensitive[i]) ?? []) {
      if (parent.containsSensitive) continue;
      parent.containsSensitive = true;
      sensitive.push(parent);
    }
  }
  for (let i = 0; i < constrained.length; i++) {
    for (const parent of parents.get(constrained[i]) ?? []) {
      if (parent.hasConstraints) continue;
      parent.hasConstraints = true;
      constrained.push(parent);
    }
  }
  for (const shape of closure) shape.prepared = true;
}

function childShapes(shape: Shape): Shape[] {
  switch (shape.type) {
    case 'structure':
      return shape.members.map((m) => m.shape);
    case 'list':
      return shape.listMember ? [shape.listMember.shape] : [];
    case 'map':
      return shape.mapKey && shape.mapValue ? [shape.mapKey.shape, shape.mapValue.shape] : [];
    default:
      return [];
  }
}

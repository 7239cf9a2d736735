// The format of src/generated/<id>/schema.json, written by scripts/codegen.mjs from botocore's models.
// It keeps botocore's vocabulary (shape types, `location`, `locationName`, `flattened`, ...) without
// documentation, with each exception's wire code and status resolved, one line per operation/shape.
// model.ts links it into an object graph once per service, so nothing here is looked up per request.

export const SCHEMA_FORMAT = 1;

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'blob'
  | 'timestamp';

export type TimestampFormat = 'iso8601' | 'rfc822' | 'unixTimestamp';
export type MemberLocation = 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';

export interface XmlNamespaceDoc {
  uri: string;
  prefix?: string;
}

/** A reference to a shape: a structure member, a list member, or a map key/value. */
export interface ShapeRefDoc {
  shape: string;
  location?: MemberLocation;
  locationName?: string;
  queryName?: string;
  flattened?: boolean;
  xmlAttribute?: boolean;
  xmlNamespace?: XmlNamespaceDoc;
  jsonvalue?: boolean;
  timestampFormat?: TimestampFormat;
  idempotencyToken?: boolean;
  hostLabel?: boolean;
}

export interface ShapeDoc {
  type: ShapeType;
  members?: Record<string, ShapeRefDoc>;
  required?: string[];
  payload?: string;
  union?: boolean;
  document?: boolean;
  exception?: boolean;
  error?: { code: string; status: number; senderFault: boolean };
  eventstream?: boolean;
  member?: ShapeRefDoc;
  key?: ShapeRefDoc;
  value?: ShapeRefDoc;
  locationName?: string;
  xmlNamespace?: XmlNamespaceDoc;
  flattened?: boolean;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  timestampFormat?: TimestampFormat;
  sensitive?: boolean;
  streaming?: boolean;
  requiresLength?: boolean;
  jsonvalue?: boolean;
}

export interface OperationDoc {
  method: string;
  uri: string;
  status: number;
  input?: string;
  output?: string;
  resultWrapper?: string;
  errors?: string[];
  hostPrefix?: string;
  checksumRequired?: boolean;
  deprecated?: boolean;
}

export interface ServiceInfoDoc {
  id: string;
  serviceId: string;
  protocol: 'json' | 'rest-json' | 'query' | 'rest-xml';
  apiVersion: string;
  endpointPrefix: string;
  signingName: string;
  jsonVersion?: string;
  targetPrefix?: string;
  xmlNamespace?: string;
  globalEndpoint?: string;
  awsQueryCompatible?: boolean;
  /** `message` or `Message`: what most of the service's exceptions call their message member. */
  errorMessageMember: string;
}

export interface SchemaDocument {
  format: number;
  service: ServiceInfoDoc;
  operations: Record<string, OperationDoc>;
  shapes: Record<string, ShapeDoc>;
}

// The request pipeline: every AWS request walks these stages, top to bottom, in this one place.
// Each stage may end the request with a protocol-correct AWS error.
//
//   route        service + operation from X-Amz-Target / Action / method+path, and the SigV4 scope
//   authenticate SigV4 (header or presigned), credentials from storage, a Principal
//   parse        the body, query and headers into typed input, validated against the model
//   implemented? an operation in the model without a handler answers 501 naming it
//   authorize    the operation's authorization entry names actions, resources and context keys;
//                the IAM evaluator decides each, with the caller's and the resource's policies
//   handle       the service's handler, in the same storage transaction as the authorization
//   serialize    the output, or the error, in the service's protocol
//   audit        a CloudTrail record of every authenticated call, durable before the answer goes out
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import {
  authenticate,
  decodeChunkedBody,
  parseCredentialScope,
  SignatureMismatchError,
  type AuthResult,
  type Credential,
} from '../auth/index.js';
import { AwsError, isAwsError } from '../errors.js';
import type { AccessKeyRecord, AccessKeys, OpenedAccessKey } from '../identity/access-keys.js';
import type { KnownAccounts } from '../identity/accounts.js';
import type { AccessKeyUsage } from '../identity/access-key-usage.js';
import { isRegionName, partitionOf } from '../identity/partitions.js';
import { principalFromAccessKey, rootArn, type Principal } from '../identity/principal.js';
import type { Logger } from '../logging.js';
import {
  parseInput,
  routeRequest,
  serializeError,
  serializeOutput,
  wireErrorCode,
  type OperationModel,
  type ServiceModel,
} from '../protocol/index.js';
import type { WireRequest, WireResponse } from '../protocol/wire.js';
import { cloudTrailEvent } from '../audit/event.js';
import type { AuditSink } from '../audit/recorder.js';
import type { AuthorizationCheck, OperationAuthorization } from '../services/authorization.js';
import type { HandlerContext, OperationHandler, ServiceDefinition } from '../services/types.js';
import type { Authorizer } from './authorize.js';
import { KeyNotStorableError } from '../storage/index.js';
import type { Store } from '../storage/types.js';

export interface ConnectionInfo {
  sourceIp: string;
  secure: boolean;
  tls?: { version: string; cipherSuite: string };
  /** The body passed the size limit and was not read. */
  tooLarge: boolean;
}

export interface PipelineDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  accessKeys: AccessKeys;
  keyUsage: AccessKeyUsage;
  accounts: KnownAccounts;
  services: ReadonlyMap<string, ServiceDefinition>;
  authorizer: Authorizer;
  recorder: AuditSink;
  dev: boolean;
  defaultAccountId: string;
  defaultRegion: string;
  maxBodyBytes: number;
}

export type Pipeline = (req: WireRequest, connection: ConnectionInfo) => Promise<WireResponse>;

interface Caller {
  principal: Principal;
  region: string;
  partition: string;
  /** The request's payload, decoded when it was sent aws-chunked. */
  body: Buffer;
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const { store, clock, logger, services, authorizer, recorder } = deps;
  for (const service of services.values()) {
    for (const operation of Object.keys(service.handlers)) {
      if (!(operation in service.authorization)) {
        throw new Error(`${service.id} ${operation} has a handler but no authorization entry`);
      }
    }
  }

  // One Credential per opened access key (AccessKeys returns the same object while the record is
  // unchanged), so the SigV4 signing-key cache recognises it without re-hashing the secret.
  const credentials = new WeakMap<OpenedAccessKey, Credential>();
  const resolver = {
    async resolve(accessKeyId: string): Promise<Credential | undefined> {
      const opened = await deps.accessKeys.open(store, accessKeyId);
      if (!opened) {
        // Development mode accepts keys it does not know, but not keys IAM deactivated or deleted.
        if (deps.dev && (await deps.accessKeys.isRevoked(store, accessKeyId))) {
          throw new AwsError('UnrecognizedClient', 'The security token included in the request is invalid.');
        }
        return undefined;
      }
      let credential = credentials.get(opened);
      if (!credential) {
        credential = {
          accessKeyId,
          secretAccessKey: opened.secretAccessKey,
          sessionToken: opened.sessionToken,
          expiresAt: opened.record.expiresAt,
          principal: opened.record,
        };
        credentials.set(opened, credential);
      }
      return credential;
    },
  };

  async function verifySignature(req: WireRequest, service: ServiceModel, now: number): Promise<AuthResult> {
    try {
      return await authenticate(req, { now, resolver, acceptUnknownKeys: deps.dev, s3: service.id === 's3' });
    } catch (error) {
      // Query services and S3 tell the caller what they signed against; nothing secret is in it.
      if (error instanceof SignatureMismatchError && service.protocol === 'query') {
        throw new AwsError('InvalidSignature', error.queryMessage());
      }
      if (error instanceof SignatureMismatchError && service.protocol === 'rest-xml') {
        throw new AwsError('InvalidSignature', error.message, { fields: error.s3Fields() });
      }
      throw error;
    }
  }

  async function authenticateCaller(req: WireRequest, service: ServiceModel, now: number): Promise<Caller> {
    const auth = await verifySignature(req, service, now);
    if (auth.kind === 'anonymous') {
      throw new AwsError(
        'MissingAuthenticationToken',
        service.protocol === 'query' ? 'Request is missing Authentication Token' : 'Missing Authentication Token',
      );
    }
    const region = isRegionName(auth.region) ? auth.region : deps.defaultRegion;
    const partition = partitionOf(region);
    const { body } = decodeChunkedBody(req, auth);
    const principal = await principalFor(auth, partition, now);
    if (!principal.unverified && !principal.temporary) {
      // iam:GetAccessKeyLastUsed; written at most every 15 minutes per key, and never waited for.
      deps.keyUsage.record(principal.accessKeyId, { usedAt: now, service: auth.service, region })?.catch((error: unknown) =>
        logger.warn({ err: error, accessKeyId: principal.accessKeyId }, 'could not record when an access key was last used'),
      );
    }
    return { principal, region, partition, body };
  }

  async function principalFor(auth: Extract<AuthResult, { kind: 'signed' }>, partition: string, now: number): Promise<Principal> {
    if (auth.unverified) {
      // Development mode: credentials Rampart does not know act as the root user of the account a
      // 12-digit access key id names, or of the default account.
      const accountId = /^\d{12}$/.test(auth.accessKeyId) ? auth.accessKeyId : deps.defaultAccountId;
      await deps.accounts.ensure(accountId, 'development', now);
      return rootPrincipal(partition, accountId, auth.accessKeyId, true);
    }
    return principalFromAccessKey(auth.credential.principal as AccessKeyRecord, partition, auth.accessKeyId);
  }

  function implementation(service: ServiceModel, operation: OperationModel) {
    const definition = services.get(service.id);
    const handler = definition?.handlers[operation.name as never] as OperationHandler<unknown, unknown> | undefined;
    if (!definition || !handler) {
      throw new AwsError('NotImplemented', `Rampart does not implement ${service.serviceId} ${operation.name} yet.`);
    }
    const authorization = definition.authorization[operation.name as never] as OperationAuthorization<unknown>;
    return { handler, authorization };
  }

  /** The request's input, validated; a failed validation in the service's own terms. */
  function parseServiceInput(service: ServiceModel, operation: OperationModel, req: WireRequest, route: Parameters<typeof parseInput>[3]) {
    try {
      return parseInput(service, operation, req, route);
    } catch (error) {
      const invalidInput = services.get(service.id)?.invalidInput;
      if (invalidInput && isAwsError(error) && error.code === 'Validation') throw invalidInput(error);
      throw error;
    }
  }

  function internalError(service: ServiceModel | undefined): AwsError {
    const code = (service && services.get(service.id)?.internalError) ?? 'InternalFailure';
    return new AwsError(code, 'The request processing has failed because of an unknown error, exception or failure.', {
      senderFault: false,
    });
  }

  return async function handle(req, connection) {
    const requestId = randomUUID();
    const startedAt = performance.now();
    const now = clock.now();
    let service: ServiceModel | undefined;
    let operation: OperationModel | undefined;
    let caller: Caller | undefined;
    let input: unknown;
    let output: unknown;
    let checks: readonly AuthorizationCheck[] = [];
    let response: WireResponse;
    let failure: AwsError | undefined;
    try {
      const route = routeRequest(req, { signingName: parseCredentialScope(req)?.service });
      service = route.service;
      if (connection.tooLarge) {
        throw new AwsError('RequestEntityTooLarge', `Request body is larger than the limit of ${deps.maxBodyBytes} bytes.`);
      }
      if (!route.ok) throw route.error;
      operation = route.operation;

      caller = await authenticateCaller(req, route.service, now);
      input = parseServiceInput(route.service, operation, caller.body === req.body ? req : { ...req, body: caller.body }, route);
      const { handler, authorization } = implementation(route.service, operation);

      const { principal, region, partition } = caller;
      const facts = { principal, region, now, sourceIp: connection.sourceIp, secure: connection.secure, userAgent: req.headers['user-agent'] };
      output = await store.transaction(async (tx) => {
        const base = { requestId, principal, accountId: principal.accountId, region, partition, now, tx };
        // authorize: the operation's entry names the checks (loading what it needs in this
        // transaction); the evaluator decides each; only then does the handler run.
        checks = await authorization(input, base);
        await authorizer.authorize(checks, facts, tx);
        const ctx: HandlerContext = {
          ...base,
          sourceIp: connection.sourceIp,
          userAgent: req.headers['user-agent'],
          checks,
          authorize: (more) => authorizer.authorize(more, facts, tx),
        };
        return handler(input, ctx);
      });
      response = serializeOutput(route.service, operation, output ?? {}, requestId);
    } catch (error) {
      if (isAwsError(error)) {
        failure = error;
      } else if (error instanceof KeyNotStorableError) {
        // A name or id the model allows but storage cannot hold (U+0000, a lone surrogate, too long).
        const invalid = new AwsError('Validation', '1 validation error detected: a name or identifier in the request contains characters Rampart cannot store (U+0000 or an unpaired surrogate) or is too long.');
        const hook = service && services.get(service.id)?.invalidInput;
        failure = hook ? hook(invalid) : invalid;
      } else {
        logger.error({ requestId, service: service?.id, operation: operation?.name, err: error }, 'request failed inside Rampart');
        failure = internalError(service);
      }
      response = serializeError(service, failure, requestId, req);
    }

    // audit: every authenticated call, allowed or denied, is recorded durably before it is answered.
    if (caller && service && operation) {
      const event = cloudTrailEvent({
        requestId,
        eventTime: now,
        service,
        operation,
        principal: caller.principal,
        region: caller.region,
        sourceIp: connection.sourceIp,
        userAgent: req.headers['user-agent'],
        host: req.headers.host,
        tls: connection.tls,
        input,
        output,
        error: failure && { code: wireErrorCode(service, failure), message: failure.message },
        resourceArns: checks.map((check) => check.resource.arn),
      });
      const accounts = [caller.principal.accountId, ...checks.map((check) => check.resource.accountId).filter(Boolean)];
      try {
        await recorder.record(event, accounts, now);
      } catch (error) {
        // An effect that cannot be audited is not acknowledged.
        logger.error({ requestId, err: error }, 'the audit record could not be written');
        failure = internalError(service);
        response = serializeError(service, failure, requestId, req);
      }
    }

    // Clients correct their clock skew from Date; it must be Rampart's clock (moved in development mode).
    response.headers.date = new Date(clock.now()).toUTCString();

    const level = response.status >= 500 ? 'error' : failure ? 'info' : 'debug';
    if (logger.isLevelEnabled(level)) {
      logger[level](
        {
          requestId,
          service: service?.id,
          operation: operation?.name,
          status: response.status,
          errorCode: failure?.code,
          accessKeyId: caller?.principal.accessKeyId,
          ms: Math.round((performance.now() - startedAt) * 100) / 100,
        },
        'request',
      );
    }
    return response;
  };
}

function rootPrincipal(partition: string, accountId: string, accessKeyId: string, unverified: boolean): Principal {
  return {
    type: 'Root',
    accountId,
    partition,
    arn: rootArn(partition, accountId),
    principalId: accountId,
    accessKeyId,
    temporary: false,
    unverified,
  };
}

// serializeError, checked by the real SDK v3 clients: every modeled exception of KMS, STS, IAM, SSM,
// Secrets Manager, GuardDuty and S3 (with its members), the common errors in each protocol, and
// codes nobody models. The SDK must raise an error with the right name, status, message and fields.
import * as guardduty from '@aws-sdk/client-guardduty';
import * as iam from '@aws-sdk/client-iam';
import * as kms from '@aws-sdk/client-kms';
import * as s3 from '@aws-sdk/client-s3';
import * as secretsManager from '@aws-sdk/client-secrets-manager';
import * as ssm from '@aws-sdk/client-ssm';
import * as sts from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { type Exchange, hashSeed, normalize, oracleConfig } from '../../test/helpers/protocol-oracle.js';
import { seededRandom } from '../../test/helpers/regex-sampler.js';
import { sampleStructure } from '../../test/helpers/shape-samples.js';
import { AwsError, COMMON_ERRORS, type CommonErrorName, commonError } from '../errors.js';
import { loadServiceModel } from './index.js';
import type { OperationModel, ServiceModel } from './model.js';

interface Target {
  id: string;
  module: Record<string, unknown>;
  client: string;
  /** An operation whose input is easy to make, used to carry errors not tied to an operation. */
  probe: string;
  extra?: Record<string, unknown>;
}

const TARGETS: Target[] = [
  { id: 'kms', module: kms, client: 'KMSClient', probe: 'ListKeys' },
  { id: 'sts', module: sts, client: 'STSClient', probe: 'GetCallerIdentity' },
  { id: 'iam', module: iam, client: 'IAMClient', probe: 'ListUsers' },
  { id: 'ssm', module: ssm, client: 'SSMClient', probe: 'DescribeParameters' },
  { id: 'secrets-manager', module: secretsManager, client: 'SecretsManagerClient', probe: 'ListSecrets' },
  { id: 'guardduty', module: guardduty, client: 'GuardDutyClient', probe: 'ListDetectors' },
  { id: 's3', module: s3, client: 'S3Client', probe: 'ListObjectsV2', extra: { forcePathStyle: true } },
];

type SdkError = Error & { $metadata?: { httpStatusCode?: number; requestId?: string }; $fault?: string } & Record<string, unknown>;

function harness(target: Target) {
  const service = loadServiceModel(target.id);
  const exchange: Exchange = {};
  let nextError: AwsError = new AwsError('Unset', 'unset');
  const Client = target.module[target.client] as new (config: unknown) => { send(command: unknown): Promise<unknown> };
  const client = new Client(oracleConfig(() => ({ error: nextError }), exchange, target.extra));
  async function raise(error: AwsError, operationName = target.probe): Promise<SdkError> {
    nextError = error;
    const operation = service.getOperation(operationName) as OperationModel;
    const random = seededRandom(hashSeed(`${target.id}:${operationName}:error`));
    const input = operation.input
      ? sampleStructure(operation.input, {
          random,
          direction: 'input',
          override: (m) => (m.name === 'Bucket' && m.location === 'uri' ? 'my-bucket' : undefined),
          skip: (m) => /^(Checksum\w*|ContentMD5|SSECustomerKey\w*|ExpectedBucketOwner)$/.test(m.name),
        })
      : {};
    const Command = target.module[`${operationName}Command`] as new (input: unknown) => unknown;
    try {
      await client.send(new Command(input));
    } catch (caught) {
      return caught as SdkError;
    }
    throw new Error(`the SDK accepted an error response for ${operationName}`);
  }
  return { service, raise, exchange };
}

/** An operation that lists `errorName`, so the SDK knows the error's class; else the probe. */
function operationFor(service: ServiceModel, errorName: string, target: Target): string {
  for (const name of service.operationNames) {
    const op = service.getOperation(name)!;
    if (op.method === 'HEAD') continue;
    if (op.errors.some((e) => e.name === errorName) && target.module[`${name}Command`]) return name;
  }
  return target.probe;
}

for (const target of TARGETS) {
  describe(`SDK errors: ${target.id}`, () => {
    const { service, raise } = harness(target);
    const errorShapes = [...new Set(service.operationNames.flatMap((n) => service.getOperation(n)!.errors))];

    for (const shape of errorShapes) {
      it(`${shape.name} -> ${shape.error!.code} ${shape.error!.status}`, async () => {
        const random = seededRandom(hashSeed(`${target.id}:${shape.name}`));
        const fields = sampleStructure(shape, { random, direction: 'output', skip: (m) => /^message$/i.test(m.name) });
        const error = await raise(new AwsError(shape.name, `Something about ${shape.name} went wrong.`, { fields }), operationFor(service, shape.name, target));
        // The SDK names a modeled error by its shape, whatever its wire code.
        expect(error.name).toBe(shape.name);
        expect(error.$metadata?.httpStatusCode).toBe(shape.error!.status);
        expect(error.$metadata?.requestId).toBe('req-1');
        expect(error.message).toBe(`Something about ${shape.name} went wrong.`);
        expect(error.$fault).toBe(shape.error!.senderFault ? 'client' : 'server');
        for (const [name, value] of Object.entries(fields)) expect(normalize(error[name])).toEqual(normalize(value));
      });
    }

    it('an error code the model does not know keeps its name and status', async () => {
      const error = await raise(new AwsError('RampartSpecialFailure', 'special', { status: 409 }));
      expect(error.name).toBe('RampartSpecialFailure');
      expect(error.$metadata?.httpStatusCode).toBe(409);
      expect(error.message).toBe('special');
    });

    for (const name of Object.keys(COMMON_ERRORS) as CommonErrorName[]) {
      const [code, status] = COMMON_ERRORS[name][service.protocol];
      it(`common error ${name} -> ${code} ${status}`, async () => {
        const error = await raise(commonError(name, `common ${name}`));
        // A common error's wire code may also be a modeled exception (SSM's ValidationException).
        const modeled = service.errorShape(code);
        expect(error.name).toBe(modeled?.name ?? code);
        expect(error.$metadata?.httpStatusCode).toBe(status);
        expect(error.message).toBe(`common ${name}`);
      });
    }
  });
}

describe('S3 error specifics', () => {
  const target = TARGETS.find((t) => t.id === 's3')!;
  const { raise, exchange } = harness(target);

  it('sends fields without a member as elements, and the request and host ids', async () => {
    const error = await raise(new AwsError('NoSuchBucket', 'The specified bucket does not exist', { fields: { BucketName: 'my-bucket' } }));
    expect(error.name).toBe('NoSuchBucket');
    expect(error.$metadata?.httpStatusCode).toBe(404);
    expect(error.BucketName).toBe('my-bucket');
    const body = String(exchange.response!.body);
    expect(body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchBucket<\/Code><Message>The specified bucket does not exist<\/Message><BucketName>my-bucket<\/BucketName><RequestId>req-1<\/RequestId><HostId>[A-Za-z0-9+/=]+<\/HostId><\/Error>$/);
    expect(exchange.response!.headers['x-amz-request-id']).toBe('req-1');
    expect(exchange.response!.headers['x-amz-id-2']).toBeDefined();
  });

  it('answers a HEAD request without a body; the SDK names the error by status', async () => {
    const error = await raise(new AwsError('NoSuchKey', 'The specified key does not exist.'), 'HeadObject');
    expect(exchange.response!.body).toBe('');
    expect(error.$metadata?.httpStatusCode).toBe(404);
    expect(error.name).toBe('NotFound');
  });
});

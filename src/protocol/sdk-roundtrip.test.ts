// Every operation of KMS, STS, IAM, SSM, Secrets Manager and GuardDuty, and most of S3 (path-style
// and virtual-hosted), round-tripped through the real AWS SDK v3 clients with seeded random inputs
// and outputs that satisfy the model's constraints:
//   (a) the SDK serializes the input; routeRequest + parseInput must give back exactly that input;
//   (b) serializeOutput writes an output; the SDK must deserialize exactly that output.
import * as guardduty from '@aws-sdk/client-guardduty';
import * as iam from '@aws-sdk/client-iam';
import * as kms from '@aws-sdk/client-kms';
import * as s3 from '@aws-sdk/client-s3';
import * as secretsManager from '@aws-sdk/client-secrets-manager';
import * as ssm from '@aws-sdk/client-ssm';
import * as sts from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { type Exchange, hashSeed, loadServiceModel, normalize, oracleConfig } from '../../test/helpers/protocol-oracle.js';
import { seededRandom } from '../../test/helpers/regex-sampler.js';
import { type SampleOptions, sampleStructure } from '../../test/helpers/shape-samples.js';
import type { Member, OperationModel, Shape } from './index.js';

type ClientModule = Record<string, unknown>;

interface Target {
  id: string;
  module: ClientModule;
  client: string;
  extra?: Record<string, unknown>;
  label?: string;
  /** Operations not exercised here, with the reason. */
  skip?: Record<string, string>;
  skipInput?: (member: Member, parent: Shape) => boolean;
  override?: SampleOptions['override'];
  /** Keys the SDK may add to a parsed input (it computes them) or to an output. */
  sdkAddedInput?: RegExp;
  sdkAddedOutput?: RegExp;
  skipOutput?: (member: Member, parent: Shape) => boolean;
}

const S3_SKIPPED_MEMBERS = /^(Checksum\w*|ContentMD5|SSECustomerKey|SSECustomerKeyMD5|CopySourceSSECustomerKey|CopySourceSSECustomerKeyMD5|ExpectedBucketOwner|ExpectedSourceBucketOwner)$/;

const s3Common: Omit<Target, 'extra' | 'label'> = {
  id: 's3',
  module: s3,
  client: 'S3Client',
  skip: {
    WriteGetObjectResponse: 'S3 Object Lambda: a {RequestRoute} host prefix, not an S3 endpoint',
    CreateSession: 'S3 Express directory buckets only',
    ListDirectoryBuckets: 'S3 Express directory buckets only (same route as ListBuckets)',
    SelectObjectContent: 'its output is an event stream, which Rampart does not serialize',
  },
  // The SDK computes checksums, MD5s and SSE-C key digests itself; ExpectedBucketOwner is checked by its endpoint rules.
  skipInput: (member) => S3_SKIPPED_MEMBERS.test(member.name),
  override: (member, _parent, random) => {
    if (member.name === 'Bucket' && member.location === 'uri') return `bucket-${Math.floor(random() * 1e6)}`;
    if (member.name === 'Key' && member.location === 'uri') return ['photos/2024/a b+c.jpg', 'x', 'dir/', 'é✓/ü', "we'ird(1)*!"][Math.floor(random() * 5)];
    if (member.name === 'CopySource') return 'src-bucket/some/key.txt';
    if (member.name === 'AccountId' && member.location === 'header') return '123456789012';
    return undefined;
  },
  // The SDK computes checksums and Content-Length; it always returns a (possibly empty) Metadata map.
  sdkAddedInput: /^(Checksum\w*|ContentMD5|ContentLength)$/,
  sdkAddedOutput: /^(ExpiresString|Metadata)$/,
  // The SDK turns the Expires header into a Date when it can parse it and drops it otherwise.
  skipOutput: (member) => member.name === 'Expires' && member.location === 'header',
};

const TARGETS: Target[] = [
  { id: 'kms', module: kms, client: 'KMSClient' },
  { id: 'sts', module: sts, client: 'STSClient' },
  { id: 'iam', module: iam, client: 'IAMClient' },
  { id: 'ssm', module: ssm, client: 'SSMClient' },
  { id: 'secrets-manager', module: secretsManager, client: 'SecretsManagerClient' },
  { id: 'guardduty', module: guardduty, client: 'GuardDutyClient' },
  { ...s3Common, label: 's3 path-style', extra: { forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } },
  { ...s3Common, label: 's3 virtual-hosted', extra: { forcePathStyle: false, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } },
];

function withoutKeys(value: Record<string, unknown>, pattern: RegExp | undefined, keep: Record<string, unknown>): Record<string, unknown> {
  if (!pattern) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!pattern.test(k) || k in keep) out[k] = v;
  return out;
}

async function readStreams(output: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...output };
  for (const [k, v] of Object.entries(out)) {
    if (v && typeof v === 'object' && typeof (v as { transformToByteArray?: unknown }).transformToByteArray === 'function') {
      out[k] = await (v as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
    }
  }
  return out;
}

/** Outputs leave out what a response cannot carry back (event streams). */
function outputOptions(random: () => number, target: Target): SampleOptions {
  return { random, direction: 'output', skip: (member, parent) => member.shape.eventstream || target.skipOutput?.(member, parent) === true };
}

/**
 * Outputs compare numbers as text: where the botocore model and the SDK's Smithy model disagree on a
 * member's type (S3's PartNumberMarker is an integer in one, a string in the other), the bytes on the
 * wire are the same and only the client's typing differs.
 */
function looseNumbers(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(looseNumbers);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, looseNumbers(v)]));
  return value;
}

for (const target of TARGETS) {
  const service = loadServiceModel(target.id);
  const Client = target.module[target.client] as new (config: unknown) => { send(command: unknown): Promise<Record<string, unknown>> };

  describe(`SDK round trip: ${target.label ?? target.id}`, () => {
    const exchange: Exchange = {};
    let nextOutput: unknown = {};
    const client = new Client(oracleConfig(() => ({ output: nextOutput }), exchange, target.extra));

    for (const name of service.operationNames) {
      const operation = service.getOperation(name) as OperationModel;
      const Command = target.module[`${name}Command`] as (new (input: unknown) => unknown) | undefined;
      const reason = target.skip?.[name] ?? (Command ? undefined : 'not in this SDK version');
      const test = reason ? it.skip : it;

      test(`${name}${reason ? ` (skipped: ${reason})` : ''}`, async () => {
        const random = seededRandom(hashSeed(`${target.label ?? target.id}:${name}`));
        const input = operation.input
          ? sampleStructure(operation.input, { random, direction: 'input', skip: target.skipInput, override: target.override })
          : {};
        const output = operation.output ? sampleStructure(operation.output, outputOptions(random, target)) : {};
        nextOutput = output;

        const received = await readStreams(await client.send(new Command!(input)));

        if (exchange.failure) throw new Error(`Rampart rejected the SDK's request: ${exchange.failure.code}: ${exchange.failure.message}`);
        expect(exchange.routed).toEqual({ service: target.id, operation: name });
        const parsed = withoutKeys(exchange.parsed!, target.sdkAddedInput, input);
        expect(normalize(parsed)).toEqual(normalize(input));
        expect(looseNumbers(normalize(withoutKeys(received, target.sdkAddedOutput, output)))).toEqual(looseNumbers(normalize(output)));
      });
    }
  });
}

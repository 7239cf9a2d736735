// Request quotas: token buckets per account, Region and quota, with AWS's default figures (KMS
// Developer Guide, "Request quotas"). The cryptographic operations share one quota per key type
// (symmetric, RSA, ECC); other operations have their own. Over quota: ThrottlingException (HTTP 400,
// AWS's message), which the SDKs retry with backoff.
//
// Buckets live in each process: with N worker processes each enforces 1/N of a quota, so the whole
// server admits the quota in total when connections spread evenly.
//
// RAMPART_KMS_QUOTAS changes them: "off" (no quotas), or a JSON object of requests per second by
// quota name, "*" for every quota not named, null for no limit on that quota. Quota names: an
// operation name ("CreateKey"), a shared quota ("CryptographicSymmetric", "CryptographicRSA",
// "CryptographicECC"), or "GenerateDataKeyPair:<KeyPairSpec>".
import { AwsError } from '../../errors.js';

export const THROTTLED_MESSAGE = 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.';

const SYMMETRIC_BY_REGION: Record<string, number> = {
  'us-east-1': 100_000,
  'us-west-2': 100_000,
  'eu-west-1': 100_000,
  'us-east-2': 20_000,
  'ap-southeast-1': 20_000,
  'ap-southeast-2': 20_000,
  'ap-northeast-1': 20_000,
  'eu-central-1': 20_000,
  'eu-west-2': 20_000,
};
const SYMMETRIC_DEFAULT = 10_000;

/** AWS's defaults, requests per second. */
const DEFAULTS: Record<string, number> = {
  CryptographicRSA: 1000,
  CryptographicECC: 1000,
  CancelKeyDeletion: 5,
  CreateAlias: 5,
  CreateGrant: 50,
  CreateKey: 5,
  DeleteAlias: 15,
  DeleteImportedKeyMaterial: 5,
  DescribeKey: 2000,
  DisableKey: 5,
  DisableKeyRotation: 5,
  EnableKey: 5,
  EnableKeyRotation: 15,
  'GenerateDataKeyPair:ECC_NIST_P256': 25,
  'GenerateDataKeyPair:ECC_NIST_P384': 10,
  'GenerateDataKeyPair:ECC_NIST_P521': 5,
  'GenerateDataKeyPair:ECC_SECG_P256K1': 25,
  'GenerateDataKeyPair:ECC_NIST_EDWARDS25519': 25,
  'GenerateDataKeyPair:RSA_2048': 1,
  'GenerateDataKeyPair:RSA_3072': 0.5,
  'GenerateDataKeyPair:RSA_4096': 0.1,
  GetKeyPolicy: 1000,
  GetKeyRotationStatus: 1000,
  GetParametersForImport: 0.25,
  GetPublicKey: 2000,
  ImportKeyMaterial: 5,
  ListAliases: 500,
  ListGrants: 100,
  ListKeyPolicies: 100,
  ListKeyRotations: 100,
  ListKeys: 500,
  ListResourceTags: 2000,
  ListRetirableGrants: 100,
  PutKeyPolicy: 15,
  ReplicateKey: 5,
  RetireGrant: 30,
  RevokeGrant: 30,
  RotateKeyOnDemand: 5,
  ScheduleKeyDeletion: 15,
  TagResource: 10,
  UntagResource: 5,
  UpdateAlias: 5,
  UpdateKeyDescription: 5,
  UpdatePrimaryRegion: 5,
};

export type QuotaSettings = 'off' | Record<string, number | null>;

export function parseQuotaSettings(text: string | undefined): QuotaSettings {
  if (text === undefined || text.trim() === '') return {};
  if (text.trim() === 'off') return 'off';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('RAMPART_KMS_QUOTAS must be "off" or a JSON object of requests per second by quota name');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('RAMPART_KMS_QUOTAS must be "off" or a JSON object of requests per second by quota name');
  }
  for (const [name, value] of Object.entries(parsed)) {
    if (value !== null && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      throw new Error(`RAMPART_KMS_QUOTAS: ${name} must be a number of requests per second above 0, or null for no limit`);
    }
  }
  return parsed as Record<string, number | null>;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RequestQuotas {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly settings: QuotaSettings = {},
    /** Worker processes sharing the quota: each admits 1/workers of it. */
    private readonly workers = 1,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Requests per second this process admits for `quota` in `region`, or undefined for no limit. */
  rate(quota: string, region: string): number | undefined {
    if (this.settings === 'off') return undefined;
    const configured = Object.prototype.hasOwnProperty.call(this.settings, quota) ? this.settings[quota] : this.settings['*'];
    const perSecond =
      configured === null ? undefined : configured ?? (quota === 'CryptographicSymmetric' ? SYMMETRIC_BY_REGION[region] ?? SYMMETRIC_DEFAULT : DEFAULTS[quota]);
    return perSecond === undefined ? undefined : perSecond / this.workers;
  }

  /** Takes one request from the bucket; ThrottlingException when it is empty. */
  take(accountId: string, region: string, quota: string): void {
    const rate = this.rate(quota, region);
    if (rate === undefined) return;
    const capacity = Math.max(rate, 1); // one second's worth, and at least one request
    const id = `${accountId}/${region}/${quota}`;
    const now = this.now();
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { tokens: capacity, updatedAt: now };
      this.buckets.set(id, bucket);
    } else {
      bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rate);
      bucket.updatedAt = now;
    }
    if (bucket.tokens < 1) throw new AwsError('Throttling', THROTTLED_MESSAGE);
    bucket.tokens -= 1;
  }
}

/** The shared quota a cryptographic operation on a key of this family counts against. */
export function cryptographicQuota(family: 'symmetric' | 'hmac' | 'rsa' | 'ecc'): string {
  return family === 'rsa' ? 'CryptographicRSA' : family === 'ecc' ? 'CryptographicECC' : 'CryptographicSymmetric';
}

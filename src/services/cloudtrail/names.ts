// What CreateTrail and friends accept as names: trail names and ARNs, destination bucket names and key
// prefixes, KMS key identifiers.
import { AwsError } from '../../errors.js';
import { isBucketName, isDirectorySafeKey } from '../../audit/destination.js';
import { invalidArn, invalidTrailName } from './errors.js';

export interface TrailPlace {
  partition: string;
  region: string;
  accountId: string;
  name: string;
}

export const trailArn = (place: TrailPlace): string =>
  `arn:${place.partition}:cloudtrail:${place.region}:${place.accountId}:trail/${place.name}`;

const TRAIL_ARN = /^arn:(aws[a-z-]*):cloudtrail:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):trail\/(.+)$/;

/** A trail ARN's parts; CloudTrailARNInvalidException when `value` looks like an ARN but is not a trail's. */
export function parseTrailArn(value: string): TrailPlace {
  const match = TRAIL_ARN.exec(value);
  if (!match) throw invalidArn(value);
  return { partition: match[1], region: match[2], accountId: match[3], name: match[4] };
}

export const isArn = (value: string): boolean => value.startsWith('arn:');

/** CloudTrail's trail name rules, checked in AWS's order with its messages. */
export function checkTrailName(name: string): void {
  if (name.length < 3) {
    throw invalidTrailName(`Trail name too short. Minimum allowed length: 3 characters. Specified name length: ${name.length} characters.`);
  }
  if (name.length > 128) {
    throw invalidTrailName(`Trail name too long. Maximum allowed length: 128 characters. Specified name length: ${name.length} characters.`);
  }
  if (!/^[A-Za-z0-9]/.test(name)) throw invalidTrailName('Trail name must starts with a letter or number.');
  if (!/[A-Za-z0-9]$/.test(name)) throw invalidTrailName('Trail name must ends with a letter or number.');
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw invalidTrailName(
      'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).',
    );
  }
  if (/[._-]{2}/.test(name)) throw invalidTrailName('Trail name cannot contain adjacent periods, underscores or dashes.');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) throw invalidTrailName('Trail name cannot be formatted as an IP address.');
}

export function checkBucketName(bucket: string): void {
  if (!isBucketName(bucket)) throw new AwsError('InvalidS3BucketNameException', `Invalid S3 bucket name: ${bucket}`);
}

/**
 * S3 would take any prefix up to 200 characters; the directory destination maps '/' to folders, so
 * empty, "." and ".." segments (a leading or trailing '/', "//") are refused too.
 */
export function checkKeyPrefix(prefix: string): void {
  if (prefix.length > 200 || !isDirectorySafeKey(prefix)) throw new AwsError('InvalidS3PrefixException', `Invalid S3 prefix: ${prefix}`);
}

const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z]{2}(?:-[a-z]+)+-\d+:\d{12}:(?:key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})|alias\/[a-zA-Z0-9/_-]+)$/;

/** A KMS key as CloudTrail reports it: a full ARN (key ids and alias names are completed in the caller's account and region). */
export function normalizeKmsKeyId(value: string, place: Omit<TrailPlace, 'name'>): string {
  const base = `arn:${place.partition}:kms:${place.region}:${place.accountId}`;
  if (KEY_ID.test(value)) return `${base}:key/${value}`;
  if (/^alias\/[a-zA-Z0-9/_-]+$/.test(value) && !value.startsWith('alias/aws/')) return `${base}:${value}`;
  if (KEY_ARN.test(value)) return value;
  throw new AwsError('InvalidKmsKeyIdException', `Invalid KmsKeyId ${value}`);
}

// Regions belong to AWS partitions (aws, aws-cn, aws-us-gov, ...); ARNs name the partition of the
// region a resource lives in. The partition table is the AWS SDK's own.
import { partition as sdkPartition } from '@aws-sdk/util-endpoints';

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function isRegionName(region: string): boolean {
  return REGION_PATTERN.test(region);
}

export function partitionOf(region: string): string {
  return sdkPartition(region).name;
}

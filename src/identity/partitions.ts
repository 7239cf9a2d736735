// Regions belong to AWS partitions (aws, aws-cn, aws-us-gov, ...); ARNs name the partition of the
// region a resource lives in. The partition table is the AWS SDK's own.
import { partition as sdkPartition } from '@aws-sdk/util-endpoints';

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function isRegionName(region: string): boolean {
  return REGION_PATTERN.test(region);
}

// The SDK's lookup walks every partition's region pattern; requests name few regions, so remember them.
const partitions = new Map<string, string>();

export function partitionOf(region: string): string {
  let name = partitions.get(region);
  if (name === undefined) {
    name = sdkPartition(region).name;
    if (partitions.size < 1000) partitions.set(region, name);
  }
  return name;
}

// Parameter tiers and their limits: Standard (values up to 4096 characters, no policies, 10,000 per
// account and Region), Advanced (8192 characters, policies, 100,000). Intelligent-Tiering picks
// Standard unless the value, the policies or a full Standard quota need Advanced. An Advanced
// parameter never goes back to Standard.
import { AwsError } from '../../errors.js';
import type { ParameterTier } from '../../generated/ssm/types.js';
import type { StoredTier, TierCounts } from './records.js';

export const TIER_LIMITS = {
  Standard: { valueChars: 4096, parameters: 10_000 },
  Advanced: { valueChars: 8192, parameters: 100_000 },
} as const;

export interface TierRequest {
  /** The tier the request names, or the default tier setting when it names none. */
  requested: ParameterTier;
  /** Whether the request named a tier itself. */
  explicit: boolean;
  /** The value's length in characters. */
  valueChars: number;
  hasPolicies: boolean;
  /** The tier of the existing parameter, when overwriting. */
  existing?: StoredTier;
  counts: TierCounts;
  limits?: { Standard: number; Advanced: number };
}

const charCount = (value: string) => {
  let n = 0;
  for (const _ of value) n++;
  return n;
};
export { charCount };

const tooLongForStandard = () =>
  new AwsError(
    'ValidationException',
    'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html',
  );

/** The tier the parameter gets, or AWS's error for a request its tier cannot hold. */
export function chooseTier(request: TierRequest): StoredTier {
  const limits = request.limits ?? { Standard: TIER_LIMITS.Standard.parameters, Advanced: TIER_LIMITS.Advanced.parameters };
  let tier: StoredTier;
  if (request.requested === 'Intelligent-Tiering') {
    const needsAdvanced =
      request.existing === 'Advanced' ||
      request.valueChars > TIER_LIMITS.Standard.valueChars ||
      request.hasPolicies ||
      (request.existing === undefined && request.counts.Standard >= limits.Standard);
    tier = needsAdvanced ? 'Advanced' : 'Standard';
  } else if (request.requested === 'Standard' && request.existing === 'Advanced') {
    if (request.explicit) {
      throw new AwsError(
        'ValidationException',
        "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.",
      );
    }
    // The default tier setting does not downgrade an existing Advanced parameter.
    tier = 'Advanced';
  } else {
    tier = request.requested;
  }

  if (tier === 'Standard') {
    if (request.valueChars > TIER_LIMITS.Standard.valueChars) throw tooLongForStandard();
    if (request.hasPolicies) {
      throw new AwsError('ValidationException', 'Parameter policies are supported only for parameters in the advanced-parameter tier. Specify the Advanced or Intelligent-Tiering tier, and try again.');
    }
  } else if (request.valueChars > TIER_LIMITS.Advanced.valueChars) {
    throw new AwsError('ValidationException', "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length less than or equal to 8192.");
  }

  // A parameter entering a tier counts against that tier's quota.
  if (request.existing !== tier) {
    if (tier === 'Standard' && request.counts.Standard >= limits.Standard) {
      throw new AwsError(
        'ParameterLimitExceeded',
        `You have reached the maximum number of standard parameters for this AWS account and Region (${limits.Standard}). To add more parameters, either delete existing parameters or upgrade to the advanced-parameter tier (charges apply).`,
      );
    }
    if (tier === 'Advanced' && request.counts.Advanced >= limits.Advanced) {
      throw new AwsError(
        'ParameterLimitExceeded',
        `You have reached the maximum number of advanced parameters for this AWS account and Region (${limits.Advanced}). To add more parameters, delete existing advanced parameters.`,
      );
    }
  }
  return tier;
}

// CloudTrail's errors, by the model's exception names, with AWS's messages where they are known.
import { AwsError } from '../../errors.js';

export const trailNotFound = (name: string, accountId: string) =>
  new AwsError('TrailNotFoundException', `Unknown trail: ${name} for the user: ${accountId}`);

export const trailAlreadyExists = (name: string, accountId: string) =>
  new AwsError('TrailAlreadyExistsException', `Trail ${name} already exists for customer: ${accountId}`);

export const invalidTrailName = (message: string) => new AwsError('InvalidTrailNameException', message);

export const invalidArn = (value: string) => new AwsError('CloudTrailARNInvalidException', `Invalid trail ARN: ${value}`);

export const invalidHomeRegion = (arn: string, homeRegion: string) =>
  new AwsError('InvalidHomeRegionException', `The trail ${arn} can only be changed from its home region, ${homeRegion}.`);

export const invalidParameterCombination = (message: string) => new AwsError('InvalidParameterCombinationException', message);

export const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message);

export const invalidEventSelectors = (message: string) => new AwsError('InvalidEventSelectorsException', message);

export const invalidTagParameter = (message: string) => new AwsError('InvalidTagParameterException', message);

export const resourceNotFound = (arn: string) => new AwsError('ResourceNotFoundException', `Resource not found: ${arn}`);

export const invalidTimeRange = (message: string) => new AwsError('InvalidTimeRangeException', message);

export const invalidNextToken = () => new AwsError('InvalidNextTokenException', 'Invalid NextToken.');

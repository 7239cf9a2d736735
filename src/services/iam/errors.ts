// IAM's errors by their model shape names (the protocol layer sends NoSuchEntity, EntityAlreadyExists, ...).
import { AwsError } from '../../errors.js';

export const noSuchEntity = (message: string) => new AwsError('NoSuchEntityException', message);
export const entityAlreadyExists = (message: string) => new AwsError('EntityAlreadyExistsException', message);
export const deleteConflict = (message: string) => new AwsError('DeleteConflictException', message);
export const limitExceeded = (message: string) => new AwsError('LimitExceededException', message);
export const invalidInput = (message: string) => new AwsError('InvalidInputException', message);
export const invalidAuthenticationCode = (message: string) => new AwsError('InvalidAuthenticationCodeException', message);
export const policyNotAttachable = (message: string) => new AwsError('PolicyNotAttachableException', message);
export const unmodifiableEntity = (message: string) => new AwsError('UnmodifiableEntityException', message);

// Rampart's IAM policy language and evaluation: a pure library (no storage, no HTTP).
//
//   parsePolicy(document, { kind })   validate a policy being written, as the receiving AWS service
//                                     would (PolicyValidationError carries AWS's message)
//   evaluate(request)                 AWS's decision for one request (types.ts is the contract)
//   globalContext(input)              the aws:* condition keys of a request
//
// Policies are compiled once and cached by document text (and by NamedPolicy object), so evaluate can
// be called on every request.
export type * from './types.js';
export type { PolicyKind, FailureReason } from './messages.js';
export { PolicyValidationError, isPolicyValidationError } from './errors.js';
export { parsePolicy, clearPolicyCache, DEFAULT_MAX_SIZE, type ParseOptions } from './parse.js';
export type { CompiledPolicy } from './policy.js';
export { evaluate } from './evaluate.js';
export { globalContext, type GlobalContextInput } from './global-context.js';

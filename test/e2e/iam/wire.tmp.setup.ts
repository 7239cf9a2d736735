// TEMPORARY (not for commit): what the lead's wiring will do, for local verification only.
import { vi } from 'vitest';
vi.mock('../../../src/server/authorize.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../../src/server/authorize.js')>();
  const { evaluate } = await import('../../../src/iam/index.js');
  const { createIamIdentityPolicySource } = await import('../../../src/services/iam/index.js');
  return { ...orig, createAuthorizer: () => orig.createAuthorizer(evaluate, createIamIdentityPolicySource()) };
});

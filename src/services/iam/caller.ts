// Operations whose UserName defaults to the caller (GetUser, the access key and MFA operations).
import { AwsError } from '../../errors.js';
import type { Principal } from '../../identity/principal.js';

export type Subject = { kind: 'user'; userName: string } | { kind: 'root' };

export function subjectOf(userName: string | undefined, principal: Principal): Subject {
  if (userName !== undefined) return { kind: 'user', userName };
  if (principal.type === 'IAMUser' && principal.userName) return { kind: 'user', userName: principal.userName };
  if (principal.type === 'Root') return { kind: 'root' };
  throw new AwsError('Validation', 'Must specify userName when calling with non-User credentials');
}

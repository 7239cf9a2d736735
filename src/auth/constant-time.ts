// Comparisons of secrets-derived values (signatures, session tokens) that take the same time wherever
// the first difference is, so a caller cannot find a valid value byte by byte.

import { timingSafeEqual } from 'node:crypto';

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    // Still do the work of a comparison; only the (public) length decides the result.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

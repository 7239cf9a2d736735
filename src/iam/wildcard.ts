// IAM wildcards: `*` matches any run of characters (also none), `?` exactly one. Used for actions,
// resource ARNs, StringLike and ArnLike. Patterns are compiled once per policy into the cheapest test
// that decides them (equality, prefix, suffix, everything), so evaluation rarely runs the general matcher.

export type TextMatcher = (text: string) => boolean;

const matchEverything: TextMatcher = () => true;

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** Whether `text` matches `pattern` (`*` and `?` are wildcards, everything else literal). */
export function wildcardMatch(pattern: string, text: string): boolean {
  // Greedy match with backtracking to the last `*`: linear in practice, no regular expression to build.
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const c = pattern.charCodeAt(p);
    if (p < pattern.length && (c === 63 /* ? */ || c === text.charCodeAt(t))) {
      p++;
      t++;
    } else if (p < pattern.length && c === 42 /* * */) {
      starP = p++;
      starT = t;
    } else if (starP !== -1) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}

/** A matcher for one pattern, specialised to the pattern's shape. */
export function compileWildcard(pattern: string): TextMatcher {
  if (pattern === '*') return matchEverything;
  if (!hasWildcard(pattern)) return (text) => text === pattern;
  const body = pattern.slice(0, -1);
  if (pattern.endsWith('*') && !hasWildcard(body)) return (text) => text.startsWith(body);
  const tail = pattern.slice(1);
  if (pattern.startsWith('*') && !hasWildcard(tail)) return (text) => text.endsWith(tail);
  return (text) => wildcardMatch(pattern, text);
}

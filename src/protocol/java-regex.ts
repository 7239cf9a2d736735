// The models' `pattern` constraints are Java regular expressions, matched against the whole value
// (String.matches). This compiles one into an equivalent, anchored JavaScript RegExp.
//
// What differs between the two dialects in the patterns AWS ships:
//   - leading inline flags `(?s)`, `(?i)`, `(?m)`, `(?x)`-free: JS has no inline flags, so they become RegExp flags;
//   - `\p{L}` and friends need the `u` flag in JS, but `u` mode rejects identity escapes Java allows
//     (`\_`, `\:`...), so `u` is used only when the pattern needs it, with such escapes unescaped;
//   - possessive quantifiers (`*+`, `++`, `?+`) and atomic groups `(?>...)` do not exist in JS; they
//     change only backtracking, not what matches a full-match test, so they become their plain forms.

const INLINE_FLAGS = /^\(\?([imsux]+)\)/;

export function compileJavaPattern(pattern: string): RegExp {
  let source = pattern;
  let flags = '';
  const inline = INLINE_FLAGS.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]) if ((f === 'i' || f === 's' || f === 'm') && !flags.includes(f)) flags += f;
  }
  source = dropPossessiveAndAtomic(source);
  const needsUnicode = /\\p\{|\\P\{|\\x\{/.test(source);
  if (needsUnicode) {
    source = source.replace(/\\x\{([0-9a-fA-F]+)\}/g, '\\u{$1}');
    flags += 'u';
    try {
      return new RegExp(`^(?:${source})$`, flags);
    } catch {
      return new RegExp(`^(?:${unescapeIdentityEscapes(source)})$`, flags);
    }
  }
  return new RegExp(`^(?:${source})$`, flags);
}

/** `a*+` -> `a*`, `(?>x)` -> `(?:x)`, leaving escaped characters and character classes alone. */
function dropPossessiveAndAtomic(source: string): string {
  let out = '';
  let inClass = false;
  let afterQuantifier = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
      afterQuantifier = false;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '+' && afterQuantifier) {
      // A `+` right after a quantifier makes it possessive in Java: same matches, no backtracking.
      afterQuantifier = false;
      continue;
    }
    if (c === '(' && source.startsWith('(?>', i)) {
      out += '(?:';
      i += 2;
      afterQuantifier = false;
      continue;
    }
    if (c === '[') inClass = true;
    out += c;
    // `?` right after `(` opens a group construct rather than quantifying.
    afterQuantifier = c === '*' || c === '+' || c === '}' || (c === '?' && out[out.length - 2] !== '(');
  }
  return out;
}

/** In `u` mode only syntax characters may be escaped; Java accepts `\` before any non-letter. */
function unescapeIdentityEscapes(source: string): string {
  return source.replace(/\\([^A-Za-z0-9\\^$.*+?()[\]{}|/-])/g, '$1');
}

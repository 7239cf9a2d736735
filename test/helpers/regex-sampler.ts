// Random strings that match a regular expression, for generating valid test inputs from the models'
// `pattern` constraints. It understands the constructs the AWS models use (classes, ranges, \d \w \s
// \S \p{..}, groups, alternation, quantifiers, anchors); lookarounds and backreferences produce
// nothing, so callers verify the result against the real RegExp and retry.

export type Random = () => number;

/** A deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Node =
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'chars'; set: string[] }
  | { kind: 'repeat'; node: Node; min: number; max: number }
  | { kind: 'empty' };

const DIGITS = '0123456789'.split('');
const LOWER = 'abcdefghijklmnopqrstuvwxyz'.split('');
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const WORD = [...LOWER, ...UPPER, ...DIGITS, '_'];
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
const SPACE = [' '];
const NON_SPACE = PRINTABLE.filter((c) => c !== ' ');

function classEscape(c: string, prop: string | undefined): string[] {
  switch (c) {
    case 'd':
      return DIGITS;
    case 'D':
      return PRINTABLE.filter((x) => !DIGITS.includes(x));
    case 'w':
      return WORD;
    case 'W':
      return PRINTABLE.filter((x) => !WORD.includes(x));
    case 's':
      return SPACE;
    case 'S':
      return NON_SPACE;
    case 'p':
      if (prop === 'N' || prop === 'Nd') return DIGITS;
      if (prop === 'Z' || prop === 'Zs') return SPACE;
      if (prop === 'Lu') return UPPER;
      if (prop === 'Ll') return LOWER;
      return [...LOWER, ...UPPER];
    case 'P':
      return ['-', '_', '.'];
    default:
      return [];
  }
}

class Parser {
  pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { kind: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      let atom = this.atom();
      atom = this.quantifier(atom);
      items.push(atom);
    }
    return { kind: 'seq', items };
  }

  private quantifier(atom: Node): Node {
    const c = this.src[this.pos];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{' && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos))) {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos))!;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.pos += m[0].length - 1;
    } else return atom;
    this.pos++;
    if (this.src[this.pos] === '?' || this.src[this.pos] === '+') this.pos++;
    return { kind: 'repeat', node: atom, min, max };
  }

  private atom(): Node {
    const c = this.src[this.pos++];
    switch (c) {
      case '(': {
        if (this.src.startsWith('?:', this.pos)) this.pos += 2;
        else if (this.src.startsWith('?=', this.pos) || this.src.startsWith('?!', this.pos) || this.src.startsWith('?<=', this.pos) || this.src.startsWith('?<!', this.pos)) {
          // Lookaround: skip it entirely.
          let depth = 1;
          while (this.pos < this.src.length && depth > 0) {
            const d = this.src[this.pos++];
            if (d === '\\') this.pos++;
            else if (d === '(') depth++;
            else if (d === ')') depth--;
          }
          return { kind: 'empty' };
        } else if (this.src.startsWith('?<', this.pos)) this.pos = this.src.indexOf('>', this.pos) + 1;
        const inner = this.alternation();
        this.pos++; // ')'
        return inner;
      }
      case '[':
        return this.charClass();
      case '.':
        return { kind: 'chars', set: [...LOWER, ...DIGITS] };
      case '^':
      case '$':
        return { kind: 'empty' };
      case '\\':
        return this.escape(false) as Node;
      default:
        return { kind: 'chars', set: [c] };
    }
  }

  private escape(inClass: boolean): Node | string[] {
    const c = this.src[this.pos++];
    if ('dDwWsSpP'.includes(c)) {
      let prop: string | undefined;
      if ((c === 'p' || c === 'P') && this.src[this.pos] === '{') {
        const end = this.src.indexOf('}', this.pos);
        prop = this.src.slice(this.pos + 1, end);
        this.pos = end + 1;
      }
      const set = classEscape(c, prop);
      return inClass ? set : { kind: 'chars', set };
    }
    let ch: string;
    if (c === 'u' && /^[0-9a-fA-F]{4}/.test(this.src.slice(this.pos))) {
      ch = String.fromCharCode(parseInt(this.src.slice(this.pos, this.pos + 4), 16));
      this.pos += 4;
    } else if (c === 'u' && this.src[this.pos] === '{') {
      const end = this.src.indexOf('}', this.pos);
      ch = String.fromCodePoint(parseInt(this.src.slice(this.pos + 1, end), 16));
      this.pos = end + 1;
    } else if (c === 'x' && this.src[this.pos] === '{') {
      const end = this.src.indexOf('}', this.pos);
      ch = String.fromCodePoint(parseInt(this.src.slice(this.pos + 1, end), 16));
      this.pos = end + 1;
    } else if (c === 'x') {
      ch = String.fromCharCode(parseInt(this.src.slice(this.pos, this.pos + 2), 16));
      this.pos += 2;
    } else if (c === 't') ch = '\t';
    else if (c === 'n') ch = '\n';
    else if (c === 'r') ch = '\r';
    else if (c === 'b' || c === 'B' || c === 'A' || c === 'z' || c === 'Z') return inClass ? [] : { kind: 'empty' };
    else if (/[1-9]/.test(c)) return inClass ? [] : { kind: 'empty' };
    else ch = c;
    return inClass ? [ch] : { kind: 'chars', set: [ch] };
  }

  private charClass(): Node {
    let negate = false;
    if (this.src[this.pos] === '^') {
      negate = true;
      this.pos++;
    }
    const set = new Set<string>();
    let first = true;
    while (this.pos < this.src.length && (this.src[this.pos] !== ']' || first)) {
      first = false;
      let chars: string[];
      if (this.src[this.pos] === '\\') {
        this.pos++;
        chars = this.escape(true) as string[];
      } else if (this.src[this.pos] === '[') {
        // Java class union / nesting: treat the inner class's characters as members.
        this.pos++;
        const inner = this.charClass() as { kind: 'chars'; set: string[] };
        chars = inner.set;
      } else {
        chars = [this.src[this.pos++]];
      }
      if (chars.length === 1 && this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        let end: string;
        if (this.src[this.pos] === '\\') {
          this.pos++;
          end = (this.escape(true) as string[])[0] ?? chars[0];
        } else end = this.src[this.pos++];
        const from = chars[0].codePointAt(0)!;
        const to = end.codePointAt(0)!;
        // Keep big ranges small and printable.
        for (let cp = from; cp <= to && cp <= from + 200; cp++) set.add(String.fromCodePoint(cp));
      } else {
        for (const ch of chars) set.add(ch);
      }
    }
    this.pos++; // ']'
    let members = [...set];
    if (negate) members = PRINTABLE.filter((c) => !set.has(c) && c !== ' ');
    members = members.filter((c) => c !== '\u0000');
    return { kind: 'chars', set: members.length > 0 ? members : ['a'] };
  }
}

function generate(node: Node, random: Random, budget: number): string {
  switch (node.kind) {
    case 'empty':
      return '';
    case 'chars': {
      // Prefer printable ASCII members when there are any.
      const printable = node.set.filter((c) => c >= ' ' && c <= '~');
      const pool = printable.length > 0 && random() < 0.95 ? printable : node.set;
      return pool[Math.floor(random() * pool.length)];
    }
    case 'seq':
      return node.items.map((n) => generate(n, random, budget)).join('');
    case 'alt':
      return generate(node.options[Math.floor(random() * node.options.length)], random, budget);
    case 'repeat': {
      const max = Number.isFinite(node.max) ? Math.min(node.max, node.min + budget) : node.min + budget;
      const count = node.min + Math.floor(random() * (max - node.min + 1));
      let out = '';
      for (let i = 0; i < count; i++) out += generate(node.node, random, budget);
      return out;
    }
  }
}

const parsed = new Map<string, Node>();

/** A random string matching `pattern` (a JS RegExp source), or undefined if none was found. */
export function sampleRegex(source: string, regex: RegExp, random: Random, minLength: number, maxLength: number, lengthOf: (s: string) => number): string | undefined {
  let node = parsed.get(source);
  if (!node) {
    try {
      node = new Parser(source.replace(/^\(\?[imsux]+\)/, '')).parse();
    } catch {
      return undefined;
    }
    parsed.set(source, node);
  }
  const budgets = [2, 4, 8, minLength, Math.max(minLength, 16), 32, 64, minLength * 2];
  for (let attempt = 0; attempt < 80; attempt++) {
    const budget = budgets[attempt % budgets.length];
    const s = generate(node, random, budget);
    const n = lengthOf(s);
    if (n >= minLength && n <= maxLength && regex.test(s)) return s;
  }
  return undefined;
}

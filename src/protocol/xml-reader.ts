// A small, strict XML parser for request bodies (S3's XML payloads). It builds a plain element tree
// and rejects anything not well-formed: mismatched tags, several roots, stray text, unknown
// entities, and any DOCTYPE (AWS request bodies never carry one, and refusing it rules out entity
// expansion attacks). Text keeps its whitespace: S3 object keys may begin or end with spaces.

export interface XmlElement {
  /** The qualified name as written (`Key`, `xsi:type`). */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text and CDATA, concatenated. */
  readonly text: string;
}

export class XmlSyntaxError extends Error {}

const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

/** Deeper than any AWS document; a bound keeps a hostile body from exhausting the stack. */
const MAX_DEPTH = 100;

export function parseXml(source: string): XmlElement {
  const p = new Parser(source);
  return p.document();
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly s: string) {}

  document(): XmlElement {
    if (this.s.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.misc(true);
    if (this.s[this.pos] !== '<') this.fail('root element expected');
    const root = this.element();
    this.misc(false);
    if (this.pos < this.s.length) this.fail('content after the root element');
    return root;
  }

  /** Whitespace, comments and processing instructions outside the root. */
  private misc(beforeRoot: boolean): void {
    const s = this.s;
    for (;;) {
      while (this.pos < s.length && isSpace(s.charCodeAt(this.pos))) this.pos++;
      if (s.startsWith('<?', this.pos)) {
        const end = s.indexOf('?>', this.pos + 2);
        if (end < 0) this.fail('unterminated processing instruction');
        this.pos = end + 2;
      } else if (s.startsWith('<!--', this.pos)) {
        this.comment();
      } else if (s.startsWith('<!', this.pos)) {
        this.fail(beforeRoot ? 'DOCTYPE is not allowed' : 'markup after the root element');
      } else {
        return;
      }
    }
  }

  private comment(): void {
    const end = this.s.indexOf('-->', this.pos + 4);
    if (end < 0) this.fail('unterminated comment');
    this.pos = end + 3;
  }

  private element(): XmlElement {
    if (++this.depth > MAX_DEPTH) this.fail('elements nested too deeply');
    try {
      return this.elementAt();
    } finally {
      this.depth--;
    }
  }

  private elementAt(): XmlElement {
    const s = this.s;
    this.pos++; // '<'
    const name = this.name();
    let attributes: Record<string, string> | undefined;
    for (;;) {
      const hadSpace = this.skipSpace();
      const c = s[this.pos];
      if (c === '>' || c === '/') break;
      if (c === undefined) this.fail('unterminated start tag');
      if (!hadSpace) this.fail('whitespace expected between attributes');
      const attrName = this.name();
      this.skipSpace();
      if (s[this.pos] !== '=') this.fail('= expected after attribute name');
      this.pos++;
      this.skipSpace();
      const quote = s[this.pos];
      if (quote !== '"' && quote !== "'") this.fail('quoted attribute value expected');
      const end = s.indexOf(quote, this.pos + 1);
      if (end < 0) this.fail('unterminated attribute value');
      const raw = s.slice(this.pos + 1, end);
      if (raw.includes('<')) this.fail('< in attribute value');
      attributes ??= {};
      if (Object.prototype.hasOwnProperty.call(attributes, attrName)) this.fail('duplicate attribute');
      attributes[attrName] = decodeEntities(raw, this);
      this.pos = end + 1;
    }
    if (s[this.pos] === '/') {
      if (s[this.pos + 1] !== '>') this.fail('> expected');
      this.pos += 2;
      return { name, attributes: attributes ?? NO_ATTRIBUTES, children: [], text: '' };
    }
    this.pos++; // '>'
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      const lt = s.indexOf('<', this.pos);
      if (lt < 0) this.fail(`unterminated element ${name}`);
      if (lt > this.pos) {
        const raw = s.slice(this.pos, lt);
        text += raw.indexOf('&') < 0 ? raw : decodeEntities(raw, this);
        if (raw.includes(']]>')) this.fail(']]> in text');
      }
      this.pos = lt;
      if (s.startsWith('</', lt)) {
        this.pos = lt + 2;
        const closing = this.name();
        this.skipSpace();
        if (s[this.pos] !== '>') this.fail('> expected in end tag');
        this.pos++;
        if (closing !== name) this.fail(`end tag ${closing} does not match ${name}`);
        return { name, attributes: attributes ?? NO_ATTRIBUTES, children, text };
      }
      if (s.startsWith('<!--', lt)) {
        this.comment();
      } else if (s.startsWith('<![CDATA[', lt)) {
        const end = s.indexOf(']]>', lt + 9);
        if (end < 0) this.fail('unterminated CDATA section');
        text += s.slice(lt + 9, end);
        this.pos = end + 3;
      } else if (s.startsWith('<?', lt)) {
        const end = s.indexOf('?>', lt + 2);
        if (end < 0) this.fail('unterminated processing instruction');
        this.pos = end + 2;
      } else if (s.startsWith('<!', lt)) {
        this.fail('unexpected markup declaration');
      } else {
        children.push(this.element());
      }
    }
  }

  private name(): string {
    const s = this.s;
    const start = this.pos;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (isSpace(c) || c === 0x3e /* > */ || c === 0x2f /* / */ || c === 0x3d /* = */ || c === 0x3c /* < */) break;
      this.pos++;
    }
    if (this.pos === start) this.fail('name expected');
    const name = s.slice(start, this.pos);
    if (!NAME.test(name)) this.fail('invalid name');
    return name;
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (this.pos < this.s.length && isSpace(this.s.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  fail(reason: string): never {
    throw new XmlSyntaxError(`${reason} at offset ${this.pos}`);
  }
}

const NAME = /^[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*$/;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(raw: string, parser: Parser): string {
  let out = '';
  let i = 0;
  for (;;) {
    const amp = raw.indexOf('&', i);
    if (amp < 0) return out + raw.slice(i);
    out += raw.slice(i, amp);
    const semi = raw.indexOf(';', amp + 1);
    if (semi < 0) parser.fail('unterminated entity reference');
    const ref = raw.slice(amp + 1, semi);
    if (ref.startsWith('#x') || ref.startsWith('#X')) {
      out += codePoint(/^[0-9a-fA-F]+$/.test(ref.slice(2)) ? parseInt(ref.slice(2), 16) : Number.NaN, parser);
    } else if (ref.startsWith('#')) {
      out += codePoint(/^[0-9]+$/.test(ref.slice(1)) ? parseInt(ref.slice(1), 10) : Number.NaN, parser);
    } else {
      const ch = PREDEFINED[ref];
      if (ch === undefined) parser.fail(`unknown entity &${ref};`);
      out += ch;
    }
    i = semi + 1;
  }
}

function codePoint(n: number, parser: Parser): string {
  if (!Number.isInteger(n) || n < 1 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) parser.fail('invalid character reference');
  return String.fromCodePoint(n);
}

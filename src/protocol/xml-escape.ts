// XML escaping for response bodies. Besides the markup characters, carriage returns and other C0
// controls are written as character references: a raw CR would be normalized away by the client's
// parser, and S3 object keys may legally contain any of them.

const TEXT_NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000b\u000c\u000d\u000e-\u001f\u007f-\u009f\u2028\u2029]/;
const ATTR_NEEDS_ESCAPE = /[&<>"'\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function escapeXmlText(s: string): string {
  return TEXT_NEEDS_ESCAPE.test(s) ? escapeAll(s, false) : s;
}

export function escapeXmlAttribute(s: string): string {
  return ATTR_NEEDS_ESCAPE.test(s) ? escapeAll(s, true) : s;
}

function escapeAll(s: string, attribute: boolean): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c === 0x26) rep = '&amp;';
    else if (c === 0x3c) rep = '&lt;';
    else if (c === 0x3e) rep = '&gt;';
    else if (attribute && c === 0x22) rep = '&quot;';
    else if (attribute && c === 0x27) rep = '&apos;';
    else if ((c < 0x20 && (attribute || (c !== 0x09 && c !== 0x0a))) || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) {
      rep = `&#x${c.toString(16).toUpperCase()};`;
    }
    if (rep !== undefined) {
      out += s.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return out + s.slice(last);
}

// Where each statement of a policy document starts and ends (1-based line and column of its first and
// last character), for the policy simulator's MatchedStatements. A small JSON walker over documents
// that already parsed.

export interface Position {
  Line: number;
  Column: number;
}

export interface StatementSpan {
  start: Position;
  end: Position;
}

export function statementSpans(text: string): StatementSpan[] {
  let i = 0;
  const positionAt = (offset: number): Position => {
    let line = 1;
    let column = 1;
    for (let k = 0; k < offset; k++) {
      if (text[k] === '\n') {
        line += 1;
        column = 1;
      } else column += 1;
    }
    return { Line: line, Column: column };
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const skipString = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const readString = (): string => {
    const start = i;
    skipString();
    return JSON.parse(text.slice(start, i)) as string;
  };
  const skipValue = (): void => {
    skipSpace();
    const c = text[i];
    if (c === '"') return skipString();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      for (;;) {
        skipSpace();
        if (text[i] === close) {
          i++;
          return;
        }
        if (c === '{') {
          readString();
          skipSpace();
          i++; // colon
        }
        skipValue();
        skipSpace();
        if (text[i] === ',') i++;
      }
    }
    while (i < text.length && !/[\s,}\]]/.test(text[i])) i++;
  };

  const spans: StatementSpan[] = [];
  skipSpace();
  if (text[i] !== '{') return spans;
  i++;
  for (;;) {
    skipSpace();
    if (i >= text.length || text[i] === '}') return spans;
    const key = readString();
    skipSpace();
    i++; // colon
    skipSpace();
    if (key !== 'Statement') {
      skipValue();
    } else if (text[i] === '[') {
      i++;
      for (;;) {
        skipSpace();
        if (text[i] === ']') {
          i++;
          break;
        }
        const start = i;
        skipValue();
        spans.push({ start: positionAt(start), end: positionAt(i - 1) });
        skipSpace();
        if (text[i] === ',') i++;
      }
    } else {
      const start = i;
      skipValue();
      spans.push({ start: positionAt(start), end: positionAt(i - 1) });
    }
    skipSpace();
    if (text[i] === ',') i++;
  }
}

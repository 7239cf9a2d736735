import { describe, expect, it } from 'vitest';
import { statementSpans } from './policy-positions.js';

describe('statementSpans', () => {
  it('finds each statement of a list, across lines', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},\n    {"Effect": "Deny", "Action": ["s3:Delete*"], "Resource": "*", "Condition": {"Bool": {"a:b": "true"}}}\n  ]\n}';
    const spans = statementSpans(text);
    expect(spans).toHaveLength(2);
    expect(spans[0]).toEqual({ start: { Line: 4, Column: 5 }, end: { Line: 4, Column: 58 } });
    expect(spans[1].start).toEqual({ Line: 5, Column: 5 });
  });
  it('handles a single statement object and strings with braces', () => {
    const text = '{"Statement":{"Sid":"a}b","Effect":"Allow","Action":"*","Resource":"*"},"Version":"2012-10-17"}';
    const [span] = statementSpans(text);
    expect(span.start).toEqual({ Line: 1, Column: 14 });
    expect(text.slice(13, span.end.Column)).toBe('{"Sid":"a}b","Effect":"Allow","Action":"*","Resource":"*"}');
  });
});

// The first tokenizer, character by character, kept as the reference the streaming one must
// match on every input (tests/unit/core/io/csv-stream.test.ts).
import type { CsvRow, CsvTokenError, TokenizedCsv } from '$lib/core/io/csv-tokenizer';

export function referenceTokenize(input: string, delimiter: string): TokenizedCsv {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: CsvRow[] = [];
  const errors: CsvTokenError[] = [];
  const d = delimiter.charCodeAt(0);
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let column = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let quoteColumn = 0;
  let fieldStart = true;
  const endField = () => {
    fields.push(field);
    field = '';
    fieldStart = true;
  };
  const endRow = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) {
      if (errors.length < 1000) errors.push({ code: 'nul-byte', line, column });
      column++;
      continue;
    }
    if (quoted) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) {
          field += '"';
          i++;
          column += 2;
          continue;
        }
        quoted = false;
        column++;
        continue;
      }
      if (c === 10 || c === 13) {
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        field += '\n';
        line++;
        column = 1;
        continue;
      }
      field += text[i];
      column++;
      continue;
    }
    if (c === 34 && fieldStart) {
      quoted = true;
      quoteLine = line;
      quoteColumn = column;
      fieldStart = false;
      column++;
      continue;
    }
    if (c === d) {
      endField();
      column++;
      continue;
    }
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      endRow();
      line++;
      column = 1;
      rowLine = line;
      continue;
    }
    field += text[i];
    fieldStart = false;
    column++;
  }
  if (quoted) errors.push({ code: 'unclosed-quote', line: quoteLine, column: quoteColumn });
  if (field !== '' || fields.length > 0) endRow();
  return { rows, errors, delimiter };
}

/**
 * A strict, linear-time CSV tokenizer (RFC 4180 with the usual real-world latitude): quoted
 * fields with doubled quotes, CRLF / LF / CR line ends, a leading BOM, any one-character
 * delimiter. It never throws and never backtracks; a quote left open is reported with the line
 * and column where it opened. Rows carry their 1-based line numbers (the header is line 1).
 */

export interface CsvRow {
  line: number;
  fields: string[];
}

export type CsvTokenError =
  { code: 'unclosed-quote'; line: number; column: number } | { code: 'nul-byte'; line: number; column: number };

export interface TokenizedCsv {
  rows: CsvRow[];
  errors: CsvTokenError[];
  delimiter: string;
}

const CANDIDATES = [',', ';', '\t', '|'];

/** Picks the delimiter that splits the first lines into the most, and most consistent, fields. */
export function detectDelimiter(text: string): string {
  const sample = text
    .slice(0, 64 * 1024)
    .split(/\r\n|\n|\r/)
    .slice(0, 20)
    .filter((line) => line.trim() !== '');
  let best = ',';
  let bestScore = -1;
  for (const delimiter of CANDIDATES) {
    const counts = sample.map((line) => line.split(delimiter).length - 1);
    if (counts.length === 0 || counts[0] === 0) continue;
    const consistent = counts.filter((c) => c === counts[0]).length;
    const score = consistent * 1000 + counts[0];
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}

export function tokenizeCsv(input: string, delimiter = detectDelimiter(input)): TokenizedCsv {
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

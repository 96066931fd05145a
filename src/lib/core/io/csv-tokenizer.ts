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

/** Tokenizes a whole text at once (tests, the command line, small files); rows to `onRow` or returned. */
export function tokenizeCsv(
  input: string,
  delimiter?: string,
  onRow?: (fields: string[], line: number) => void
): TokenizedCsv {
  const rows: CsvRow[] = [];
  const tokenizer = new CsvStreamTokenizer(onRow ?? ((fields, line) => rows.push({ line, fields })), delimiter);
  tokenizer.push(input);
  tokenizer.end();
  return { rows, errors: tokenizer.errors, delimiter: tokenizer.delimiter! };
}

/** Characters seen before the delimiter is decided, when the caller did not give one. */
const DETECTION_SAMPLE = 64 * 1024;

/**
 * The same tokenizer fed in chunks (a file read as a stream): rows go to `onRow` as soon as they
 * end, so a 50 MB file never exists as one array of rows. A field, a quote, a NUL or a CRLF may
 * be split across chunks. Unquoted fields are sliced out of the chunk, not built a character at
 * a time. Lines and columns count as in one text (after a leading BOM).
 */
export class CsvStreamTokenizer {
  readonly errors: CsvTokenError[] = [];
  delimiter: string | undefined;
  private d = 44;
  private sample = '';
  private started = false;
  private fields: string[] = [];
  private field = '';
  private line = 1;
  private rowLine = 1;
  /** Offset (in the whole text) of the first character of the current line, and of this chunk. */
  private lineStart = 0;
  private offset = 0;
  private quoted = false;
  private quoteLine = 0;
  private quoteColumn = 0;
  private fieldStart = true;
  /** A chunk ended on a quote inside a quoted field, or on a CR: the next character decides. */
  private pendingQuote = false;
  private skipLineFeed = false;

  constructor(
    private readonly onRow: (fields: string[], line: number) => void,
    delimiter?: string
  ) {
    this.delimiter = delimiter;
  }

  push(chunk: string): void {
    if (!this.started) {
      // The delimiter is decided on the first 64 KiB (or the whole input, if shorter).
      this.sample += chunk;
      if (this.sample === '' || (this.delimiter === undefined && this.sample.length < DETECTION_SAMPLE)) return;
      this.begin();
      return;
    }
    this.scan(chunk);
  }

  end(): void {
    if (!this.started) this.begin();
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.quoted = false;
    }
    if (this.quoted) this.errors.push({ code: 'unclosed-quote', line: this.quoteLine, column: this.quoteColumn });
    if (this.field !== '' || this.fields.length > 0) {
      this.fields.push(this.field);
      this.field = '';
      this.emitRow();
    }
  }

  private begin(): void {
    this.started = true;
    let text = this.sample;
    this.sample = '';
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.delimiter ??= detectDelimiter(text);
    this.d = this.delimiter.charCodeAt(0);
    this.scan(text);
  }

  private emitRow(): void {
    const fields = this.fields;
    this.fields = [];
    if (!(fields.length === 1 && fields[0] === '')) this.onRow(fields, this.rowLine);
  }

  private nul(at: number): void {
    if (this.errors.length < 1000)
      this.errors.push({ code: 'nul-byte', line: this.line, column: this.offset + at - this.lineStart + 1 });
  }

  private scan(text: string): void {
    const n = text.length;
    const d = this.d;
    // The hot state lives in locals for the loop and goes back to the object at the end.
    let fields = this.fields;
    let field = this.field;
    let quoted = this.quoted;
    let fieldStart = this.fieldStart;
    let i = 0;
    let segment = 0;
    if (this.skipLineFeed) {
      this.skipLineFeed = false;
      if (n > 0 && text.charCodeAt(0) === 10) {
        i = 1;
        segment = 1;
        this.lineStart = this.offset + 1;
      }
    } else if (this.pendingQuote && n > 0) {
      this.pendingQuote = false;
      if (text.charCodeAt(0) === 34) {
        field += '"';
        i = 1;
        segment = 1;
      } else quoted = false;
    }
    while (i < n) {
      if (!quoted) {
        if (fieldStart && text.charCodeAt(i) === 34) {
          quoted = true;
          this.quoteLine = this.line;
          this.quoteColumn = this.offset + i - this.lineStart + 1;
          fieldStart = false;
          field += text.slice(segment, i);
          segment = ++i;
          continue;
        }
        // Run to the next character that means something outside quotes.
        let c = 0;
        while (i < n) {
          c = text.charCodeAt(i);
          if (c === d || c === 10 || c === 13 || c === 0) break;
          i++;
          fieldStart = false;
        }
        if (i === n) break;
        if (c === d) {
          fields.push(field + text.slice(segment, i));
          field = '';
          fieldStart = true;
        } else if (c === 0) {
          this.nul(i);
          field += text.slice(segment, i);
        } else {
          fields.push(field + text.slice(segment, i));
          field = '';
          if (!(fields.length === 1 && fields[0] === '')) this.onRow(fields, this.rowLine);
          fields = [];
          if (c === 13) {
            if (i + 1 === n) this.skipLineFeed = true;
            else if (text.charCodeAt(i + 1) === 10) i++;
          }
          this.line++;
          this.rowLine = this.line;
          this.lineStart = this.offset + i + 1;
          fieldStart = true;
        }
        segment = ++i;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 34) {
        field += text.slice(segment, i);
        segment = i + 1;
        if (i + 1 === n) this.pendingQuote = true;
        else if (text.charCodeAt(i + 1) === 34) {
          field += '"';
          i++;
          segment = i + 1;
        } else quoted = false;
      } else if (c === 10 || c === 13) {
        field += text.slice(segment, i) + '\n';
        if (c === 13) {
          if (i + 1 === n) this.skipLineFeed = true;
          else if (text.charCodeAt(i + 1) === 10) i++;
        }
        this.line++;
        this.lineStart = this.offset + i + 1;
        segment = i + 1;
      } else if (c === 0) {
        this.nul(i);
        field += text.slice(segment, i);
        segment = i + 1;
      }
      i++;
    }
    if (segment < n) field += text.slice(segment, n);
    this.offset += n;
    this.fields = fields;
    this.field = field;
    this.quoted = quoted;
    this.fieldStart = fieldStart;
  }
}

/**
 * A strict, linear-time CSV tokenizer (RFC 4180 with the usual real-world latitude): quoted
 * fields with doubled quotes, CRLF / LF / CR line ends, a leading BOM, any one-character
 * delimiter. It never throws and never backtracks; a quote left open is reported with the line
 * and column where it opened. Rows carry their 1-based line numbers (the header is line 1).
 */
import { parseNumberCell, parseNumberRange, type DecimalSeparator } from './number-format';

export interface CsvRow {
  line: number;
  fields: string[];
}

export type CsvTokenError =
  { code: 'unclosed-quote'; line: number; column: number } | { code: 'nul-byte'; line: number; column: number };

/**
 * One row as the stream tokenizer hands it on. It is reused for the next row: read it inside
 * the callback, or keep `toArray()`. Plain fields are read straight from the chunk, so a number
 * cell is parsed without ever becoming a string.
 */
export interface CsvRowView {
  readonly line: number;
  readonly length: number;
  field(k: number): string;
  number(k: number, decimal: DecimalSeparator): number | undefined;
  toArray(): string[];
}

/** A row already split into strings, seen through the same interface. */
export class ArrayRowView implements CsvRowView {
  constructor(
    readonly fields: string[],
    readonly line: number
  ) {}
  get length(): number {
    return this.fields.length;
  }
  field(k: number): string {
    return this.fields[k];
  }
  number(k: number, decimal: DecimalSeparator): number | undefined {
    return parseNumberCell(this.fields[k], decimal);
  }
  toArray(): string[] {
    return this.fields;
  }
}

/**
 * The tokenizer's reusable row: field k is text[starts[k], ends[k]) of the current chunk, or a
 * string of its own (`own[k]`) when it was quoted, held a NUL or crossed a chunk boundary.
 */
class ChunkRowView implements CsvRowView {
  line = 1;
  length = 0;
  text = '';
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /**
   * Numbers read while tokenizing: kind 0 = not a plain number (parse the text), 1 = digits
   * only, 2 = with a '.', 3 = with a ',' as the one separator; `values` holds the number.
   */
  kinds = new Uint8Array(64);
  values = new Float64Array(64);
  own: (string | undefined)[] = [];
  private owned = 0;

  add(start: number, end: number, own: string | undefined, kind = 0, value = 0): void {
    if (this.length === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array | Float64Array>(from: T, make: (size: number) => T) => {
        const to = make(from.length * 2);
        to.set(from);
        return to;
      };
      this.starts = grow(this.starts, (size) => new Int32Array(size));
      this.ends = grow(this.ends, (size) => new Int32Array(size));
      this.kinds = grow(this.kinds, (size) => new Uint8Array(size));
      this.values = grow(this.values, (size) => new Float64Array(size));
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.kinds[this.length] = kind;
    this.values[this.length] = value;
    if (own !== undefined) {
      this.own[this.length] = own;
      this.owned++;
    }
    this.length++;
  }
  /** Before the chunk is dropped: every field of an unfinished row becomes its own string. */
  detach(): void {
    for (let k = 0; k < this.length; k++) {
      if (this.own[k] === undefined) {
        this.own[k] = this.text.slice(this.starts[k], this.ends[k]);
        this.owned++;
      }
    }
  }
  clear(): void {
    if (this.owned > 0) {
      this.own = [];
      this.owned = 0;
    }
    this.length = 0;
  }
  field(k: number): string {
    const own = this.owned > 0 ? this.own[k] : undefined;
    return own ?? this.text.slice(this.starts[k], this.ends[k]);
  }
  number(k: number, decimal: DecimalSeparator): number | undefined {
    // Most rows own no strings at all: skip the (holey) array then.
    const own = this.owned > 0 ? this.own[k] : undefined;
    if (own !== undefined) return parseNumberCell(own, decimal);
    const kind = this.kinds[k];
    if (kind === 1 || (kind === 2 && decimal === '.') || (kind === 3 && decimal === ',')) return this.values[k];
    return parseNumberRange(this.text, this.starts[k], this.ends[k], decimal);
  }
  toArray(): string[] {
    return Array.from({ length: this.length }, (_, k) => this.field(k));
  }
}

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
export function tokenizeCsv(input: string, delimiter?: string, onRow?: (row: CsvRowView) => void): TokenizedCsv {
  const rows: CsvRow[] = [];
  const tokenizer = new CsvStreamTokenizer(
    onRow ?? ((row) => rows.push({ line: row.line, fields: row.toArray() })),
    delimiter
  );
  tokenizer.push(input);
  tokenizer.end();
  return { rows, errors: tokenizer.errors, delimiter: tokenizer.delimiter! };
}

/** Characters seen before the delimiter is decided, when the caller did not give one. */
const DETECTION_SAMPLE = 64 * 1024;
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => Number(`1e${k}`));

/**
 * The same tokenizer fed in chunks (a file read as a stream): rows go to `onRow` as soon as they
 * end, so a 50 MB file is never held as rows. A field, a quote, a NUL or a CRLF may be split
 * across chunks. Lines and columns count as in one text (after a leading BOM).
 */
export class CsvStreamTokenizer {
  readonly errors: CsvTokenError[] = [];
  delimiter: string | undefined;
  private d = 44;
  private sample = '';
  private started = false;
  private readonly row = new ChunkRowView();
  /** Text of the current field carried from earlier pieces (quotes, NULs, a previous chunk). */
  private field = '';
  /** Whether the current field needs its own string (it is not one plain slice of the chunk). */
  private carried = false;
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
    private readonly onRow: (row: CsvRowView) => void,
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
    if (this.field !== '' || this.row.length > 0) {
      this.row.add(0, 0, this.field);
      this.row.line = this.rowLine;
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
    const row = this.row;
    // A line with nothing on it is not a row.
    if (!(row.length === 1 && row.field(0) === '')) this.onRow(row);
    row.clear();
  }

  private nul(at: number): void {
    if (this.errors.length < 1000)
      this.errors.push({ code: 'nul-byte', line: this.line, column: this.offset + at - this.lineStart + 1 });
  }

  /** Ends the current field at `end`: a slice of the chunk, or its own string when carried. */
  private endField(text: string, segment: number, end: number, kind: number, value: number): void {
    if (this.carried) {
      this.row.add(0, 0, this.field + text.slice(segment, end));
      this.field = '';
      this.carried = false;
    } else this.row.add(segment, end, undefined, kind, value);
  }

  private scan(text: string): void {
    const n = text.length;
    const d = this.d;
    const row = this.row;
    row.text = text;
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
        this.field += '"';
        i = 1;
        segment = 1;
      } else quoted = false;
    }
    while (i < n) {
      if (!quoted) {
        if (fieldStart && text.charCodeAt(i) === 34) {
          quoted = true;
          this.carried = true;
          this.quoteLine = this.line;
          this.quoteColumn = this.offset + i - this.lineStart + 1;
          fieldStart = false;
          this.field += text.slice(segment, i);
          segment = ++i;
          continue;
        }
        // Run to the next character that means something outside quotes, reading the field as
        // a number on the way (most cells of a price file are), so it is not scanned twice.
        let c = 0;
        const begin = i;
        let mantissa = 0;
        let digits = 0;
        let separatorAt = -1;
        let separator = 0;
        let plain = true;
        while (i < n) {
          c = text.charCodeAt(i);
          if (c >= 48 && c <= 57) {
            mantissa = mantissa * 10 + (c - 48);
            digits++;
            i++;
            continue;
          }
          if (c === d || c === 10 || c === 13 || c === 0) break;
          if ((c === 46 || c === 44) && separatorAt < 0) {
            separatorAt = i;
            separator = c;
          } else if (c !== 45 || i !== begin) plain = false;
          i++;
        }
        if (i > begin) fieldStart = false;
        if (i === n) break;
        let kind = 0;
        let value = 0;
        // Up to 15 digits the mantissa is exact and one division by 10^k rounds correctly: the
        // same number Number(text) gives. Anything else is left to the text parser.
        if (plain && digits > 0 && digits <= 15 && begin === segment && !this.carried) {
          const first = text.charCodeAt(begin) === 45 ? begin + 1 : begin;
          if (separatorAt < 0) {
            kind = 1;
            value = mantissa;
          } else if (separatorAt > first && separatorAt < i - 1) {
            kind = separator === 46 ? 2 : 3;
            value = mantissa / POWERS_OF_TEN[i - 1 - separatorAt];
          }
          if (first > begin) value = -value;
        }
        if (c === d) {
          this.endField(text, segment, i, kind, value);
          fieldStart = true;
        } else if (c === 0) {
          this.nul(i);
          this.field += text.slice(segment, i);
          this.carried = true;
        } else {
          this.endField(text, segment, i, kind, value);
          row.line = this.rowLine;
          this.emitRow();
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
        this.field += text.slice(segment, i);
        segment = i + 1;
        if (i + 1 === n) this.pendingQuote = true;
        else if (text.charCodeAt(i + 1) === 34) {
          this.field += '"';
          i++;
          segment = i + 1;
        } else quoted = false;
      } else if (c === 10 || c === 13) {
        this.field += text.slice(segment, i) + '\n';
        if (c === 13) {
          if (i + 1 === n) this.skipLineFeed = true;
          else if (text.charCodeAt(i + 1) === 10) i++;
        }
        this.line++;
        this.lineStart = this.offset + i + 1;
        segment = i + 1;
      } else if (c === 0) {
        this.nul(i);
        this.field += text.slice(segment, i);
        segment = i + 1;
      }
      i++;
    }
    // The chunk is about to go: what is left of the row must not point into it.
    if (segment < n) {
      this.field += text.slice(segment, n);
      this.carried = true;
    }
    row.detach();
    this.offset += n;
    this.quoted = quoted;
    this.fieldStart = fieldStart;
  }
}

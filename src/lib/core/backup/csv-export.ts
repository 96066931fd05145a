/**
 * CSV export that spreadsheet programs cannot turn into formulas: a cell starting with
 * "=", "+", "-", "@", a tab, a carriage return or NUL is prefixed with an apostrophe (OWASP's
 * advice), except plain numbers such as "-12.5", which stay numbers. Fields with the delimiter,
 * quotes or line breaks are quoted.
 */

const DANGEROUS_FIRST = new Set(['=', '+', '-', '@', '\t', '\r', '\u0000']);
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

export function escapeCsvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (DANGEROUS_FIRST.has(text.charAt(0)) && !(typeof value === 'number' || PLAIN_NUMBER.test(text))) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((row) => row.map(escapeCsvCell).join(',')).join('\r\n') + '\r\n';
}

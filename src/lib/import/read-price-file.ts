/**
 * Reads a price file the user chose (a Blob: File in the browser, Blob in Node tests) as a stream
 * of text chunks through the core tokenizer and reader: a 50 MB file is never one string, and
 * progress is the share of bytes read. Runs inside the import worker; plain gzip is unpacked
 * on the way. No fetch, no DOM: only Blob, streams and TextDecoder.
 */
import { CsvStreamTokenizer, tokenizeCsv } from '../core/io/csv-tokenizer';
import { PriceFileReader, type PriceReadOptions, type PriceReadResult } from '../core/io/price-file-reader';
import { readPriceText, type PriceCheckReport } from '../core/io/check-prices';
import type { PriceMapping } from '../core/io/price-file-reader';

export interface PricePreview {
  header: string[];
  /** The first rows after the header, as text, to show next to the mapping. */
  rows: string[][];
  delimiter: string;
  mapping: PriceMapping;
  /** The report on the first 256 K characters: the date format found, or why none was. */
  report: PriceCheckReport;
  bytes: number;
}

const PREVIEW_CHARACTERS = 256 * 1024;

async function isGzip(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  return head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Text chunks of the file; `onBytes` hears how many raw bytes were read so far. Gzip is
 * unpacked through DecompressionStream on the way.
 */
async function* textChunks(file: Blob, onBytes: (bytes: number) => void): AsyncGenerator<string> {
  if (!(await isGzip(file))) {
    // Plain text: the file's own byte stream, decoded here (a character split between chunks
    // is joined by the decoder's streaming mode).
    const reader = file.stream().getReader();
    const decoder = new TextDecoder('utf-8');
    let read = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        read += value.byteLength;
        onBytes(read);
        yield decoder.decode(value, { stream: true });
      }
      const rest = decoder.decode();
      if (rest) yield rest;
    } finally {
      await reader.cancel().catch(() => undefined);
    }
    return;
  }
  let read = 0;
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        onBytes(read);
        controller.enqueue(chunk);
      }
    })
  );
  // TypeScript's stream types disagree on Uint8Array vs BufferSource; both are byte streams.
  const raw = counted as unknown as ReadableStream<BufferSource>;
  const reader = raw.pipeThrough(new DecompressionStream('gzip')).pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stopping early (the preview) must release the file.
    await reader.cancel().catch(() => undefined);
  }
}

/** The header, the first rows and the proposed mapping, from the start of the file. */
export async function previewPriceFile(file: Blob): Promise<PricePreview> {
  let text = '';
  let complete = true;
  for await (const chunk of textChunks(file, () => undefined)) {
    text += chunk;
    if (text.length >= PREVIEW_CHARACTERS) {
      complete = false;
      break;
    }
  }
  // Stopped early: drop the incomplete last line.
  if (!complete) text = text.slice(0, Math.max(text.lastIndexOf('\n'), 0) + 1);
  const { report, header, mapping } = readPriceText(text);
  const rows = tokenizeCsv(text.slice(0, 16 * 1024))
    .rows.slice(1, 6)
    .map((row) => row.fields);
  return { header, rows, delimiter: report.delimiter, mapping: mapping!, report, bytes: file.size };
}

/**
 * Reads and checks the whole file; with `collect` the prices come back as typed series.
 * `onProgress` gets the fraction of bytes read, at most once per percent.
 */
export async function readPriceFile(
  file: Blob,
  options: PriceReadOptions,
  onProgress?: (fraction: number) => void
): Promise<PriceReadResult> {
  const reader = new PriceFileReader(options);
  const tokenizer = new CsvStreamTokenizer((row) => reader.row(row));
  let reported = 0;
  const size = Math.max(1, file.size);
  for await (const chunk of textChunks(file, (bytes) => {
    const fraction = bytes / size;
    if (fraction - reported >= 0.01) {
      reported = fraction;
      onProgress?.(fraction);
    }
  })) {
    tokenizer.push(chunk);
  }
  tokenizer.end();
  onProgress?.(1);
  return reader.finish(tokenizer.errors, tokenizer.delimiter ?? ',');
}

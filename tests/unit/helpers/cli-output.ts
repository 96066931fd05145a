/**
 * Captures what `npx keel` writes while a test runs it in-process: call once at the top of a
 * test file; read `output.out` / `output.err` after `main(...)`.
 */
import { afterEach, beforeEach, vi } from 'vitest';

export function captureCliOutput(): { out: string; err: string } {
  const output = { out: '', err: '' };
  beforeEach(() => {
    output.out = '';
    output.err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((output.out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((output.err += String(chunk)), true));
  });
  afterEach(() => vi.restoreAllMocks());
  return output;
}

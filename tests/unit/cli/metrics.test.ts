// The `keel metrics` contract of issue 6: a (date, return) CSV in, snake_case metrics out.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureCliOutput } from '../helpers/cli-output';
import { main } from '../../../src/cli/keel';

const output = captureCliOutput();

const fixture = JSON.parse(readFileSync('tests/golden/metrics-empyrical.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'keel-metrics-'));
const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
const csv = (values: (number | null)[]) =>
  'date,return\n' + values.map((v, i) => `${day(i)},${v ?? ''}`).join('\n') + '\n';

describe('keel metrics', () => {
  it('prints the reference metrics of a monthly series against its benchmark, risk-free per period', async () => {
    const c = fixture.cases.find((x: { name: string }) => x.name === 'monthly with benchmark');
    writeFileSync(join(dir, 'r.csv'), csv(c.returns));
    writeFileSync(join(dir, 'b.csv'), csv(c.benchmark));
    const code = await main([
      'metrics',
      '--returns',
      join(dir, 'r.csv'),
      '--benchmark',
      join(dir, 'b.csv'),
      '--period',
      'monthly',
      '--risk-free',
      String(c.riskFree),
      '--json'
    ]);
    expect(code).toBe(0);
    const got = JSON.parse(output.out);
    for (const [name, expected] of Object.entries(c.expected as Record<string, number | null>)) {
      if (expected === null) expect(got[name]).toBeNull();
      else expect(got[name]).toBeCloseTo(expected, 9);
    }
  });

  it('names the line of a bad row, exit 1', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'date,return\n2020-01-01,0.01\n2020-01-02,lots\n');
    expect(await main(['metrics', '--returns', join(dir, 'bad.csv')])).toBe(1);
    expect(output.err).toContain('line 3: not a number ("lots")');
  });
});

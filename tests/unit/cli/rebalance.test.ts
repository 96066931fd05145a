// The `keel rebalance` contract of issue 5: JSON in, the documented JSON out.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureCliOutput } from '../helpers/cli-output';
import { main } from '../../../src/cli/keel';

const output = captureCliOutput();

const write = (name: string, content: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'keel-rebalance-')), name);
  writeFileSync(path, content);
  return path;
};

describe('keel rebalance', () => {
  it('plans the issue example with the documented fields', async () => {
    const code = await main(['rebalance', '--portfolio', 'docs/examples/rebalance-minimal.json', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(output.out);
    expect(result.status).toBe('optimal');
    for (const trade of result.trades) {
      expect(Object.keys(trade)).toEqual(
        expect.arrayContaining([
          'account',
          'symbol',
          'side',
          'quantity',
          'price',
          'value',
          'cost',
          'realizedGain',
          'tax',
          'reasons'
        ])
      );
      expect(Number.isInteger(trade.quantity)).toBe(true);
      expect(trade.reasons.every((r: { message: string }) => r.message.length > 0)).toBe(true);
    }
    expect(Object.keys(result.totals)).toEqual(expect.arrayContaining(['cost', 'tax', 'turnover']));
    expect(result.cashAfter.brokerage).toBeGreaterThanOrEqual(0);
    expect(result.driftAfter).toBeLessThan(result.driftBefore);
    // The max-weight rule of the example holds after the plan.
    expect(result.violations).toEqual([]);
    const aaa = result.lines.find((l: { symbol: string }) => l.symbol === 'AAA');
    expect(aaa.weightAfter).toBeLessThanOrEqual(0.4 + 1e-9);
    // …and the buy of AAA says that the rule is why it stops short of the target.
    const buy = result.trades.find((t: { symbol: string }) => t.symbol === 'AAA');
    expect(buy.reasons.map((r: { code: string }) => r.code)).toContain('rule-limit');
  });

  it('plans the documented household example and compares the presets', async () => {
    const code = await main([
      'rebalance',
      '--portfolio',
      'docs/examples/rebalance-household.json',
      '--json',
      '--compare'
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(output.out);
    expect(['optimal', 'feasible']).toContain(result.status);
    expect(result.presets.map((p: { preset: string }) => p.preset)).toEqual([
      'closest-to-target',
      'fewest-trades',
      'lowest-tax'
    ]);
    expect(result.trades.some((t: { side: string; symbol: string }) => t.side === 'buy' && t.symbol === 'VTIP')).toBe(
      false
    );
  });

  it('names every problem of a bad file by its path, exit 1', async () => {
    const bad = JSON.parse(readFileSync('docs/examples/rebalance-minimal.json', 'utf8'));
    bad.lots[0].quantity = 'ten';
    bad.lots[0].account = 'nowhere';
    bad.prices.BBB = Number.NaN;
    const code = await main([
      'rebalance',
      '--portfolio',
      write('bad.json', JSON.stringify(bad).replace('null', 'null')),
      '--json'
    ]);
    expect(code).toBe(1);
    const result = JSON.parse(output.out);
    expect(result.status).toBe('invalid-input');
    const paths = result.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['lots[0].quantity', 'lots[0].account', 'prices.BBB']));
  });

  it('says what to relax when no plan satisfies the rules', async () => {
    const input = JSON.parse(readFileSync('docs/examples/rebalance-minimal.json', 'utf8'));
    input.policy.kind = 'buy-only';
    input.lots.push({ account: 'brokerage', symbol: 'BBB', quantity: 100, costBasis: 1500, acquired: '2020-01-01' });
    input.rules = [{ kind: 'max-weight', symbol: 'BBB', limit: 0.3 }];
    const code = await main(['rebalance', '--portfolio', write('tight.json', JSON.stringify(input))]);
    expect(code).toBe(1);
    expect(output.out).toContain('status: infeasible');
    expect(output.out).toMatch(/Relax or remove rule 1 \(BBB at most 30\.0 %\)/);
    expect(output.out).toContain('Allow sales');
  });

  it('refuses a file that is not JSON with a one-line error', async () => {
    const code = await main(['rebalance', '--portfolio', write('x.json', '{ nope')]);
    expect(code).toBe(1);
    expect(output.err).toMatch(/^keel rebalance: cannot read .*x\.json: not valid JSON/);
  });
});

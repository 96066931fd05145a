import { describe, expect, it, vi } from 'vitest';
import { parsePriceJson } from '$lib/core/io/price-json';
import { fetchFromSource, sourceUrl, type NetworkLogEntry } from '$lib/net/price-source';

describe('the price source', () => {
  it('fills the template and accepts only https, or http on this computer', () => {
    const url = sourceUrl('https://example.com/p/{symbol}?from={from}&to={to}', 'BRK/B', '2024-01-01', '2024-02-01');
    expect(url.ok && url.value.href).toBe('https://example.com/p/BRK%2FB?from=2024-01-01&to=2024-02-01');
    expect(sourceUrl('http://example.com/{symbol}', 'A', '', '').ok).toBe(false);
    expect(sourceUrl('http://127.0.0.1:8080/{symbol}', 'A', '', '').ok).toBe(true);
    expect(sourceUrl('https://user:pw@example.com/{symbol}', 'A', '', '').ok).toBe(false);
    expect(sourceUrl('https://example.com/prices', 'A', '', '').ok).toBe(false);
  });

  it('makes no request while off or before the host is approved, and logs every request made', async () => {
    const fetchSpy = vi.fn(async () => new Response('date,close\n2024-01-02,1\n', { status: 200 }));
    vi.stubGlobal('fetch', fetchSpy);
    const log: NetworkLogEntry[] = [];
    const config = {
      enabled: false,
      template: 'https://example.com/{symbol}.csv',
      format: 'csv' as const,
      approvedHosts: [] as string[]
    };
    const request = { symbol: 'A', from: '2024-01-01', to: '2024-01-31' };
    expect(await fetchFromSource(config, request, (e) => log.push(e))).toEqual({
      ok: false,
      error: { code: 'disabled' }
    });
    expect(await fetchFromSource({ ...config, enabled: true }, request, (e) => log.push(e))).toEqual({
      ok: false,
      error: { code: 'needs-approval', host: 'example.com' }
    });
    expect(fetchSpy).not.toHaveBeenCalled();
    const fetched = await fetchFromSource({ ...config, enabled: true, approvedHosts: ['example.com'] }, request, (e) =>
      log.push(e)
    );
    expect(fetched).toEqual({ ok: true, value: { text: 'date,close\n2024-01-02,1\n', host: 'example.com' } });
    expect(log.map((e) => [e.url, e.status, e.bytes])).toEqual([['https://example.com/A.csv', 200, 24]]);
    fetchSpy.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const refused = await fetchFromSource({ ...config, enabled: true, approvedHosts: ['example.com'] }, request, (e) =>
      log.push(e)
    );
    expect(refused.ok || refused.error.code).toBe('unreachable');
    expect(log[1].status).toBeNull();
    vi.unstubAllGlobals();
  });

  it('reads JSON answers in the usual shapes and names the first bad entry', () => {
    const a = parsePriceJson('[{"date":"2024-01-03","close":2},{"date":"2024-01-02","close":"1.5"}]', 'X');
    expect(a.ok && Array.from(a.value.closes)).toEqual([1.5, 2]);
    const b = parsePriceJson('{"dates":["2024-01-02"],"closes":[3]}', 'X');
    expect(b.ok && b.value.days.length).toBe(1);
    expect(parsePriceJson('{"prices":[{"date":"2024-01-02","close":-1}]}', 'X')).toEqual({
      ok: false,
      error: 'Entry 1 has no positive close.'
    });
    expect(parsePriceJson('<html>', 'X')).toEqual({ ok: false, error: 'The answer is not valid JSON.' });
  });
});

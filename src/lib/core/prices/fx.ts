/**
 * Exchange-rate series are stored like prices, named by their currency pair: "EUR/USD" is the
 * price of 1 EUR in USD. Files write pairs many ways (EURUSD, EUR/USD, EUR.USD, eur-usd); they are
 * all read to one name. A rate between two currencies is found directly or as the inverse of
 * the opposite pair — never assumed to be 1.
 */

/** "EURUSD", "eur/usd", "EUR.USD" → "EUR/USD"; undefined when the name is not a pair. */
export function currencyPair(name: string): string | undefined {
  const match = /^([A-Za-z]{3})\s*[/.\-_ ]?\s*([A-Za-z]{3})(?:=X)?$/.exec(name.trim());
  if (!match) return undefined;
  const [from, to] = [match[1].toUpperCase(), match[2].toUpperCase()];
  return from === to ? undefined : `${from}/${to}`;
}

/** How many units of `to` one unit of `from` costs, from the latest rates of stored pairs. */
export function rateBetween(
  from: string,
  to: string,
  latest: Map<string, { price: number; date: string }>
): { rate: number; date: string; pair: string } | undefined {
  const direct = latest.get(`${from}/${to}`);
  if (direct) return { rate: direct.price, date: direct.date, pair: `${from}/${to}` };
  const inverse = latest.get(`${to}/${from}`);
  if (inverse) return { rate: 1 / inverse.price, date: inverse.date, pair: `${to}/${from}` };
  return undefined;
}

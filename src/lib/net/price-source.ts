/**
 * The opt-in price source: the only code that may request another origin, and only when the
 * user turned it on, entered the URL template and approved the host. Every request goes into the
 * network log (time, URL, status, bytes) whatever its outcome. Requests carry no cookies and no
 * referrer; the URL holds only the symbol and the dates.
 */
import { err, ok, type Result } from '../core/result';

export interface PriceSourceConfig {
  enabled: boolean;
  /** e.g. https://example.com/prices/{symbol}.csv?from={from}&to={to} */
  template: string;
  format: 'csv' | 'json';
  /** Hosts (host:port) the user allowed, once each. */
  approvedHosts: string[];
}

export const DEFAULT_PRICE_SOURCE: PriceSourceConfig = {
  enabled: false,
  template: '',
  format: 'csv',
  approvedHosts: []
};

export interface NetworkLogEntry {
  time: number;
  url: string;
  /** HTTP status, or null when no answer came (refused, offline, CORS). */
  status: number | null;
  bytes: number;
}

export type SourceFailure =
  | { code: 'disabled' }
  | { code: 'bad-template'; reason: string }
  | { code: 'needs-approval'; host: string }
  | { code: 'unreachable'; host: string; detail: string }
  | { code: 'http-error'; status: number; host: string };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The URL for one request: {symbol}, {from}, {to} filled in; https, or http only to this machine. */
export function sourceUrl(template: string, symbol: string, from: string, to: string): Result<URL, SourceFailure> {
  if (!template.includes('{symbol}'))
    return err({ code: 'bad-template', reason: 'The template needs {symbol} where the symbol goes.' });
  let url: URL;
  try {
    url = new URL(
      template
        .replaceAll('{symbol}', encodeURIComponent(symbol))
        .replaceAll('{from}', encodeURIComponent(from))
        .replaceAll('{to}', encodeURIComponent(to))
    );
  } catch {
    return err({ code: 'bad-template', reason: 'The template is not a web address (it must start with https://).' });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)))
    return err({ code: 'bad-template', reason: 'Only https:// addresses (or http:// on this computer) are allowed.' });
  if (url.username || url.password)
    return err({ code: 'bad-template', reason: 'The address must not contain a user name or password.' });
  return ok(url);
}

/** Fetches one symbol's prices as text, if the source is on and its host approved. */
export async function fetchFromSource(
  config: PriceSourceConfig,
  request: { symbol: string; from: string; to: string },
  log: (entry: NetworkLogEntry) => void
): Promise<Result<{ text: string; host: string }, SourceFailure>> {
  if (!config.enabled) return err({ code: 'disabled' });
  const built = sourceUrl(config.template, request.symbol, request.from, request.to);
  if (!built.ok) return built;
  const url = built.value;
  if (!config.approvedHosts.includes(url.host)) return err({ code: 'needs-approval', host: url.host });
  const time = Date.now();
  let response: Response;
  try {
    response = await fetch(url, {
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
      mode: 'cors'
    });
  } catch (error) {
    log({ time, url: url.href, status: null, bytes: 0 });
    return err({ code: 'unreachable', host: url.host, detail: (error as Error).message });
  }
  const body = await response.text();
  log({ time, url: url.href, status: response.status, bytes: new TextEncoder().encode(body).length });
  if (!response.ok) return err({ code: 'http-error', status: response.status, host: url.host });
  return ok({ text: body, host: url.host });
}

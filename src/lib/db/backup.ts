/**
 * Backup and restore of everything Keel stores, as one versioned JSON file with a SHA-256
 * checksum of its contents. Restore checks the format, the version and the checksum, and every
 * record's shape, before it touches the database; then it replaces all stores in one
 * transaction, so a bad file changes nothing and a good one replaces everything at once.
 */
import type { KeelDb } from './open';
import { CURRENT_VERSION, type KeelSchema } from './schema';

export const BACKUP_FORMAT = 'keel-backup';
export const BACKUP_VERSION = 1;

const STORES = [
  'portfolios',
  'accounts',
  'assets',
  'lots',
  'targets',
  'priceSeries',
  'settings',
  'transactions',
  'plans',
  'auditLog',
  'backtestRuns',
  'models'
] as const;
/** Stores added after the first backup format: a backup made before them restores them empty. */
const LATER_STORES: readonly string[] = ['transactions', 'plans', 'auditLog', 'backtestRuns', 'models'];
type StoreName = (typeof STORES)[number];

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: number;
  schemaVersion: number;
  createdAt: string;
  /** Hex SHA-256 of JSON.stringify(data). */
  checksum: string;
  data: Record<StoreName, unknown[]>;
}

export type RestoreError =
  | { code: 'not-json'; message: string }
  | { code: 'not-a-backup' }
  | { code: 'newer-version'; version: number }
  | { code: 'checksum-mismatch' }
  | { code: 'invalid-record'; store: string; index: number; reason: string };

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Typed arrays become plain arrays tagged with their type, so JSON keeps every bit of them. */
function encode(value: unknown): unknown {
  if (value instanceof Float64Array) return { $typed: 'Float64Array', values: Array.from(value) };
  if (value instanceof Int32Array) return { $typed: 'Int32Array', values: Array.from(value) };
  // Model files: base64, a third larger than the bytes instead of four times.
  if (value instanceof Uint8Array) return { $typed: 'Uint8Array', base64: toBase64(value) };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function decode(value: unknown): unknown {
  if (value && typeof value === 'object' && '$typed' in value) {
    const typed = value as { $typed: string; values: number[] };
    if (typed.$typed === 'Float64Array') return Float64Array.from(typed.values);
    if (typed.$typed === 'Int32Array') return Int32Array.from(typed.values);
    if (typed.$typed === 'Uint8Array') return fromBase64((value as unknown as { base64: string }).base64);
  }
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  return value;
}

export async function createBackup(db: KeelDb, now = new Date()): Promise<BackupFile> {
  const tx = db.transaction([...STORES], 'readonly');
  const data = {} as Record<StoreName, unknown[]>;
  for (const store of STORES) data[store] = (await tx.objectStore(store).getAll()).map(encode);
  await tx.done;
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    schemaVersion: CURRENT_VERSION,
    createdAt: now.toISOString(),
    checksum: await sha256Hex(JSON.stringify(data)),
    data
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

/** The minimal shape each store's records must have to be written back. */
function checkRecord(store: StoreName, record: unknown): string | undefined {
  if (!isObject(record)) return 'not an object';
  switch (store) {
    case 'portfolios':
      return isNumber(record.id) && typeof record.name === 'string' && isNumber(record.cash)
        ? undefined
        : 'needs a numeric id, a name and cash';
    case 'accounts':
      return isNumber(record.id) && isNumber(record.portfolioId) ? undefined : 'needs numeric id and portfolioId';
    case 'assets':
      return typeof record.symbol === 'string' && record.symbol !== '' ? undefined : 'needs a symbol';
    case 'lots':
      return isNumber(record.id) &&
        isNumber(record.portfolioId) &&
        typeof record.symbol === 'string' &&
        isNumber(record.quantity) &&
        (record.quantity as number) >= 0
        ? undefined
        : 'needs id, portfolioId, symbol and a non-negative quantity';
    case 'targets':
      return isNumber(record.portfolioId) && typeof record.symbol === 'string' && isNumber(record.weight)
        ? undefined
        : 'needs portfolioId, symbol and weight';
    case 'priceSeries':
      return typeof record.symbol === 'string' &&
        isNumber(record.chunkStart) &&
        record.days instanceof Int32Array &&
        record.closes instanceof Float64Array &&
        record.days.length === record.closes.length
        ? undefined
        : 'needs symbol, chunkStart and matching days and closes';
    case 'settings':
      return typeof record.key === 'string' ? undefined : 'needs a key';
    case 'transactions':
      return isNumber(record.id) &&
        isNumber(record.portfolioId) &&
        typeof record.date === 'string' &&
        typeof record.type === 'string'
        ? undefined
        : 'needs id, portfolioId, date and type';
    case 'plans':
      return isNumber(record.id) &&
        isNumber(record.portfolioId) &&
        ['draft', 'approved', 'executed', 'discarded'].includes(record.status as string)
        ? undefined
        : 'needs id, portfolioId and a status';
    case 'auditLog':
      return isNumber(record.seq) && typeof record.hash === 'string' && typeof record.previous === 'string'
        ? undefined
        : 'needs seq, hash and previous';
    case 'backtestRuns':
      return isNumber(record.id) && typeof record.name === 'string' && record.report !== undefined
        ? undefined
        : 'needs id, name and a report';
    case 'models':
      return isNumber(record.id) &&
        typeof record.kind === 'string' &&
        typeof record.name === 'string' &&
        record.bytes instanceof Uint8Array
        ? undefined
        : 'needs id, kind, name and the model bytes';
  }
}

/** Validates a backup file's text completely; returns the decoded records or the first problem. */
export async function readBackup(
  text: string
): Promise<{ ok: true; data: Record<StoreName, unknown[]> } | { ok: false; error: RestoreError }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: { code: 'not-json', message: (error as Error).message } };
  }
  if (
    !isObject(parsed) ||
    parsed.format !== BACKUP_FORMAT ||
    !isObject(parsed.data) ||
    typeof parsed.checksum !== 'string'
  ) {
    return { ok: false, error: { code: 'not-a-backup' } };
  }
  if (
    !isNumber(parsed.version) ||
    (parsed.version as number) > BACKUP_VERSION ||
    (parsed.schemaVersion as number) > CURRENT_VERSION
  ) {
    return { ok: false, error: { code: 'newer-version', version: Number(parsed.version) } };
  }
  const data = parsed.data as Record<string, unknown>;
  if ((await sha256Hex(JSON.stringify(data))) !== parsed.checksum)
    return { ok: false, error: { code: 'checksum-mismatch' } };
  const decoded = {} as Record<StoreName, unknown[]>;
  for (const store of STORES) {
    const records = data[store] === undefined && LATER_STORES.includes(store) ? [] : data[store];
    if (!Array.isArray(records))
      return { ok: false, error: { code: 'invalid-record', store, index: -1, reason: 'the store is missing' } };
    decoded[store] = records.map(decode);
    for (let i = 0; i < decoded[store].length; i++) {
      const reason = checkRecord(store, decoded[store][i]);
      if (reason) return { ok: false, error: { code: 'invalid-record', store, index: i, reason } };
    }
  }
  return { ok: true, data: decoded };
}

/** Replaces everything stored with the backup's contents, in one transaction. */
export async function restoreBackup(
  db: KeelDb,
  text: string
): Promise<{ ok: true } | { ok: false; error: RestoreError }> {
  const read = await readBackup(text);
  if (!read.ok) return read;
  // A backup from before the audit log has none: keep this device's log rather than erase it.
  const keepAuditLog = read.data.auditLog.length === 0;
  const tx = db.transaction([...STORES], 'readwrite');
  for (const store of STORES) {
    if (store === 'auditLog' && keepAuditLog) continue;
    await tx.objectStore(store).clear();
    for (const record of read.data[store]) await tx.objectStore(store).put(record as KeelSchema[typeof store]['value']);
  }
  await tx.done;
  return { ok: true };
}

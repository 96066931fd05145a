/**
 * The append-only audit log's chain: each entry carries the SHA-256 of its own content and of the
 * entry before it, so changing, removing or reordering any stored entry breaks the chain at a
 * place `verifyChain` names. Content is hashed as canonical JSON (object keys sorted), so the
 * hash does not depend on how a record was stored and read back.
 */

export interface AuditEntry {
  /** 1, 2, 3, … without gaps. */
  seq: number;
  /** ISO timestamp. */
  time: string;
  /** What happened: "plan-created", "plan-approved", "rules-changed", … */
  kind: string;
  payload: unknown;
  /** Hash of the previous entry ('' for the first). */
  previous: string;
  hash: string;
}

export type ChainProblem =
  | { code: 'gap'; seq: number; expected: number }
  | { code: 'broken-link'; seq: number }
  | { code: 'altered'; seq: number };

/** JSON with object keys in sorted order at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const contentOf = (entry: Omit<AuditEntry, 'hash'>) =>
  canonicalJson({
    seq: entry.seq,
    time: entry.time,
    kind: entry.kind,
    payload: entry.payload,
    previous: entry.previous
  });

/** The entry that follows `last` (or starts the log). */
export async function nextEntry(
  last: AuditEntry | undefined,
  kind: string,
  payload: unknown,
  time: string
): Promise<AuditEntry> {
  const entry = { seq: (last?.seq ?? 0) + 1, time, kind, payload, previous: last?.hash ?? '' };
  return { ...entry, hash: await sha256Hex(contentOf(entry)) };
}

/** Checks a whole log (in sequence order); the first problem found, or undefined when intact. */
export async function verifyChain(entries: AuditEntry[]): Promise<ChainProblem | undefined> {
  let previous = '';
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry.seq !== i + 1) return { code: 'gap', seq: entry.seq, expected: i + 1 };
    if (entry.previous !== previous) return { code: 'broken-link', seq: entry.seq };
    if ((await sha256Hex(contentOf(entry))) !== entry.hash) return { code: 'altered', seq: entry.seq };
    previous = entry.hash;
  }
  return undefined;
}

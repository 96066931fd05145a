/**
 * The app's single open database and its repositories. Opened on first use; asks the browser to
 * keep the data (persistent storage) so it is not evicted under storage pressure.
 */
import type { ValidationIssue } from '../core/portfolio/validation-issue';
import { openKeelDb } from '../db/open';
import { repositories, type Repositories } from '../db/repositories';

let opened: Promise<Repositories> | undefined;

export function appRepositories(): Promise<Repositories> {
  opened ??= openKeelDb().then((db) => {
    void navigator.storage?.persist?.().catch(() => false);
    return repositories(db);
  });
  return opened;
}

/**
 * Runs a storage write and turns a refusal by the browser (quota exceeded, private mode, a
 * closed database) into a validation issue the UI can show. IndexedDB transactions are atomic,
 * so a refused write leaves what was saved before untouched.
 */
export async function guardStorage<T>(
  write: () => Promise<{ ok: true; value: T } | { ok: false; error: ValidationIssue[] }>
): Promise<{ ok: true; value: T } | { ok: false; error: ValidationIssue[] }> {
  try {
    return await write();
  } catch (error) {
    const name = error instanceof Error || error instanceof DOMException ? error.name : 'UnknownError';
    return { ok: false, error: [{ code: 'storage-failed', field: 'storage', value: name }] };
  }
}

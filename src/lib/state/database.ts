/**
 * The app's single open database and its repositories. Opened on first use; asks the browser to
 * keep the data (persistent storage) so it is not evicted under storage pressure.
 */
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

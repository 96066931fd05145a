/**
 * Backup and restore on the Privacy page: download everything as one checked file; restore in two
 * steps (the file is validated completely first, then the user confirms replacing everything).
 */
import { createBackup, readBackup, restoreBackup } from '../db/backup';
import { describeRestoreError } from '../messages/en';
import { appRepositories } from './database';

export class BackupState {
  message = $state<string | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  /** A validated backup waiting for the user's confirmation. */
  pending = $state.raw<{ text: string; name: string; portfolios: number } | undefined>(undefined);

  /** Builds the backup file; the page turns it into a download. */
  async backupFile(): Promise<{ name: string; blob: Blob }> {
    const repos = await appRepositories();
    const backup = await createBackup(repos.db);
    const name = `keel-backup-${backup.createdAt.slice(0, 10)}.json`;
    this.message = `Backup ready: ${backup.data.portfolios.length} portfolio(s), checksum ${backup.checksum.slice(0, 12)}….`;
    return { name, blob: new Blob([JSON.stringify(backup)], { type: 'application/json' }) };
  }

  async choose(file: File): Promise<void> {
    this.message = undefined;
    this.error = undefined;
    this.pending = undefined;
    const text = await file.text();
    const read = await readBackup(text);
    if (!read.ok) {
      this.error = describeRestoreError(read.error);
      return;
    }
    this.pending = { text, name: file.name, portfolios: read.data.portfolios.length };
  }

  async confirm(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    const repos = await appRepositories();
    const result = await restoreBackup(repos.db, pending.text);
    this.pending = undefined;
    if (result.ok) this.message = `Restored ${pending.portfolios} portfolio(s) from ${pending.name}.`;
    else this.error = describeRestoreError(result.error);
  }

  cancel(): void {
    this.pending = undefined;
  }
}

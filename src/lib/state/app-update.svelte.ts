/**
 * Service worker registration and the "new version ready" question. The generated service worker
 * precaches the whole build; a new one waits until the user says yes (DESIGN.md §8: nothing
 * changes under the user's feet).
 */
import { registerSW } from 'virtual:pwa-register';

export class AppUpdate {
  needRefresh = $state(false);
  offlineReady = $state(false);
  private updateServiceWorker: ((reload?: boolean) => Promise<void>) | undefined;

  start(): void {
    if (!('serviceWorker' in navigator)) return;
    this.updateServiceWorker = registerSW({
      immediate: true,
      onNeedRefresh: () => (this.needRefresh = true),
      onOfflineReady: () => (this.offlineReady = true)
    });
  }

  /** Lets the waiting version take over and reloads into it. */
  async accept(): Promise<void> {
    this.needRefresh = false;
    await this.updateServiceWorker?.(true);
  }

  dismiss(): void {
    this.needRefresh = false;
  }
}

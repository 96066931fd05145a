/**
 * A pool of workers for embarrassingly parallel jobs (backtest sweeps): tasks go to whichever
 * worker is free, results come back in task order whatever order they finish in (so a sweep is
 * deterministic), progress counts finished tasks, and aborting stops every worker at once (the
 * next run starts fresh ones). Size: `navigator.hardwareConcurrency` by default.
 */
import type { Remote } from 'comlink';
import { AbortError, WorkerBridge, type WorkerLike } from './worker-bridge';

export interface PoolProgress {
  done: number;
  total: number;
}

export class WorkerPool<Api> {
  private readonly bridges: WorkerBridge<Api>[];

  constructor(createWorker: () => WorkerLike, size = globalThis.navigator?.hardwareConcurrency ?? 2) {
    this.bridges = Array.from({ length: Math.max(1, size) }, () => new WorkerBridge<Api>(createWorker));
  }

  get size(): number {
    return this.bridges.length;
  }

  /** Workers started so far, over all members (restarts after aborts included). */
  get starts(): number {
    return this.bridges.reduce((sum, b) => sum + b.starts, 0);
  }

  async map<Task, Result>(
    tasks: Task[],
    job: (api: Remote<Api>, task: Task) => Promise<Result>,
    options: { signal?: AbortSignal; onProgress?: (progress: PoolProgress) => void } = {}
  ): Promise<Result[]> {
    const results = new Array<Result>(tasks.length);
    let next = 0;
    let done = 0;
    let failed: unknown;
    const stopAll = () => this.bridges.forEach((b) => b.terminate());
    options.signal?.addEventListener('abort', stopAll, { once: true });
    const lane = async (bridge: WorkerBridge<Api>) => {
      while (failed === undefined && next < tasks.length) {
        const index = next++;
        try {
          results[index] = await bridge.run((api) => job(api, tasks[index]), { signal: options.signal });
        } catch (error) {
          failed ??= error;
          return;
        }
        done++;
        options.onProgress?.({ done, total: tasks.length });
      }
    };
    try {
      await Promise.all(this.bridges.map(lane));
    } finally {
      options.signal?.removeEventListener('abort', stopAll);
    }
    if (options.signal?.aborted) throw new AbortError();
    if (failed !== undefined) throw failed;
    return results;
  }

  terminate(): void {
    this.bridges.forEach((b) => b.terminate());
  }
}

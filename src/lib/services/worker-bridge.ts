/**
 * One bridge per worker (after squoosh's WorkerBridge): starts the worker lazily on the first job,
 * runs jobs one at a time in order, forwards progress, and on abort terminates the worker, so a
 * runaway solve stops at once; the next job starts a fresh worker. An idle worker is stopped after
 * a while to give its memory (wasm heaps) back.
 */
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';

/** Progress as a worker reports it: a stage name and, when known, a fraction done. */
export interface Progress {
  stage: string;
  fraction?: number;
}

export type ProgressCallback = (progress: Progress) => void;

export interface JobOptions {
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
}

/** What a worker looks like to the bridge: a real `Worker`, or a MessagePort in tests. */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener: Worker['addEventListener'];
  removeEventListener: Worker['removeEventListener'];
  terminate(): void;
}

export class AbortError extends Error {
  constructor(message = 'The job was cancelled.') {
    super(message);
    this.name = 'AbortError';
  }
}

export class WorkerBridge<Api> {
  private worker: WorkerLike | undefined;
  private remote: Remote<Api> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private running = 0;
  /** How many workers this bridge has started (the first start plus restarts after aborts). */
  starts = 0;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly idleTimeoutMs = 120_000
  ) {}

  /**
   * Queues a job. `job` receives the remote API and a progress callback already proxied for
   * the worker. Rejects with `AbortError` when `options.signal` aborts, before or during the job.
   */
  run<T>(
    job: (api: Remote<Api>, onProgress: ProgressCallback | undefined) => Promise<T>,
    options: JobOptions = {}
  ): Promise<T> {
    const result = this.queue.then(() => this.start(job, options));
    // The queue moves on whether this job succeeded, failed or was aborted.
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Stops the worker now; the next job starts a new one. */
  terminate(): void {
    if (this.remote) this.remote[releaseProxy]();
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
  }

  private async start<T>(
    job: (api: Remote<Api>, onProgress: ProgressCallback | undefined) => Promise<T>,
    { signal, onProgress }: JobOptions
  ): Promise<T> {
    if (signal?.aborted) throw new AbortError();
    clearTimeout(this.idleTimer);
    if (!this.remote) {
      this.worker = this.createWorker();
      this.remote = wrap<Api>(this.worker as unknown as Worker);
      this.starts += 1;
    }
    const remote = this.remote;
    this.running += 1;
    let onAbort: (() => void) | undefined;
    try {
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => {
          this.terminate();
          reject(new AbortError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      const progress = onProgress ? proxy(onProgress) : undefined;
      return await Promise.race([job(remote, progress), aborted]);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      this.running -= 1;
      if (this.running === 0 && this.remote) {
        this.idleTimer = setTimeout(() => this.terminate(), this.idleTimeoutMs);
      }
    }
  }
}

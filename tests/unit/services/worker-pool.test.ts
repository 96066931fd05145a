import { describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import { AbortError, type WorkerLike } from '$lib/services/worker-bridge';
import { WorkerPool } from '$lib/services/worker-pool';

const api = {
  async square(x: number, ms: number) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return x * x;
  }
};

function fakeWorker(): WorkerLike {
  const { port1, port2 } = new MessageChannel();
  expose(api, port2);
  return {
    postMessage: port1.postMessage.bind(port1),
    addEventListener: port1.addEventListener.bind(port1) as WorkerLike['addEventListener'],
    removeEventListener: port1.removeEventListener.bind(port1) as WorkerLike['removeEventListener'],
    start: port1.start.bind(port1),
    terminate() {
      port1.close();
      port2.close();
    }
  } as WorkerLike;
}

describe('WorkerPool', () => {
  it('returns results in task order whatever order they finish in, with progress', async () => {
    const pool = new WorkerPool<typeof api>(fakeWorker, 3);
    const progress: number[] = [];
    // Early tasks are slow, later ones fast: they finish out of order.
    const tasks = [1, 2, 3, 4, 5, 6, 7].map((x) => ({ x, ms: 40 - x * 5 }));
    const results = await pool.map(tasks, (remote, t) => remote.square(t.x, t.ms), {
      onProgress: (p) => progress.push(p.done)
    });
    expect(results).toEqual([1, 4, 9, 16, 25, 36, 49]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pool.starts).toBe(3);
    pool.terminate();
  });

  it('aborting stops every worker, rejects with AbortError, and the next run starts afresh', async () => {
    const pool = new WorkerPool<typeof api>(fakeWorker, 2);
    const controller = new AbortController();
    const run = pool.map(
      Array.from({ length: 20 }, (_, x) => x),
      (remote, x) => remote.square(x, 30),
      { signal: controller.signal }
    );
    setTimeout(() => controller.abort(), 45);
    await expect(run).rejects.toBeInstanceOf(AbortError);
    const again = await pool.map([2, 3], (remote, x) => remote.square(x, 1));
    expect(again).toEqual([4, 9]);
    expect(pool.starts).toBeGreaterThan(2);
    pool.terminate();
  });
});

import { describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import { AbortError, WorkerBridge, type Progress, type WorkerLike } from '$lib/services/worker-bridge';

/** A stand-in worker: the API exposed on one end of a MessageChannel, as comlink allows. */
const api = {
  async count(n: number, onProgress?: (p: Progress) => void) {
    for (let i = 1; i <= n; i++) await onProgress?.({ stage: 'counting', fraction: i / n });
    return n;
  },
  async echoAfter(value: string, ms: number) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return value;
  },
  hang(): Promise<never> {
    return new Promise(() => {});
  }
};

function fakeWorker(): WorkerLike & { terminated: boolean } {
  const { port1, port2 } = new MessageChannel();
  expose(api, port2);
  const worker = {
    terminated: false,
    postMessage: port1.postMessage.bind(port1),
    addEventListener: port1.addEventListener.bind(port1) as WorkerLike['addEventListener'],
    removeEventListener: port1.removeEventListener.bind(port1) as WorkerLike['removeEventListener'],
    start: port1.start.bind(port1),
    terminate() {
      worker.terminated = true;
      port1.close();
      port2.close();
    }
  };
  return worker;
}

describe('WorkerBridge', () => {
  it('starts the worker lazily, only when the first job arrives', async () => {
    const bridge = new WorkerBridge<typeof api>(fakeWorker);
    expect(bridge.starts).toBe(0);
    await expect(bridge.run((remote) => remote.count(1))).resolves.toBe(1);
    await bridge.run((remote) => remote.count(1));
    expect(bridge.starts).toBe(1);
    bridge.terminate();
  });

  it('forwards progress from the worker', async () => {
    const bridge = new WorkerBridge<typeof api>(fakeWorker);
    const seen: number[] = [];
    await bridge.run((remote, onProgress) => remote.count(4, onProgress), {
      onProgress: (p) => seen.push(p.fraction ?? -1)
    });
    expect(seen).toEqual([0.25, 0.5, 0.75, 1]);
    bridge.terminate();
  });

  it('runs jobs one at a time, in the order they were queued', async () => {
    const bridge = new WorkerBridge<typeof api>(fakeWorker);
    const order: string[] = [];
    await Promise.all([
      bridge.run((r) => r.echoAfter('slow', 40)).then((v) => order.push(v)),
      bridge.run((r) => r.echoAfter('fast', 1)).then((v) => order.push(v))
    ]);
    expect(order).toEqual(['slow', 'fast']);
    bridge.terminate();
  });

  it('terminates the worker on abort and starts a fresh one for the next job', async () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const bridge = new WorkerBridge<typeof api>(() => {
      const w = fakeWorker();
      workers.push(w);
      return w;
    });
    const controller = new AbortController();
    const hanging = bridge.run((r) => r.hang(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(hanging).rejects.toBeInstanceOf(AbortError);
    expect(workers[0].terminated).toBe(true);
    await expect(bridge.run((r) => r.count(2))).resolves.toBe(2);
    expect(bridge.starts).toBe(2);
    bridge.terminate();
  });

  it('rejects a job whose signal was aborted before it started, without blocking the queue', async () => {
    const bridge = new WorkerBridge<typeof api>(fakeWorker);
    const controller = new AbortController();
    controller.abort();
    await expect(bridge.run((r) => r.count(1), { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    await expect(bridge.run((r) => r.count(3))).resolves.toBe(3);
    bridge.terminate();
  });
});

/**
 * Request/reply to one long-lived worker thread, so CPU-heavy work (rendering printed output to PNG)
 * never blocks the event loop the drivers and the API run on. Requests queue in the worker and are
 * answered in order; a crashed worker fails its pending calls and is started again on the next call.
 */
import { parentPort, Worker } from 'node:worker_threads';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export interface WorkerCall<Req, Res> {
  call(request: Req): Promise<Res>;
  close(): Promise<void>;
}

/**
 * `moduleUrl` is the worker's module: a `.ts` file when running from sources (booted through
 * worker-boot.mjs with tsx), or a bundled `.cjs`/`.mjs` file. The module answers each
 * `{ id, request }` message with `{ id, ok: true, value }` or `{ id, ok: false, message }`.
 */
export function workerCall<Req, Res>(moduleUrl: URL): WorkerCall<Req, Res> {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error) => {
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  };

  const start = (): Worker => {
    const fromSources = moduleUrl.pathname.endsWith('.ts');
    const started = fromSources
      ? new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { moduleUrl: moduleUrl.href } })
      : new Worker(moduleUrl);
    started.unref();
    started.on('message', (message: { id: number; ok: boolean; value?: unknown; message?: string }) => {
      const entry = pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id);
      if (message.ok) entry.resolve(message.value);
      else entry.reject(new Error(message.message ?? 'worker call failed'));
    });
    started.on('error', (error) => failAll(error));
    started.on('exit', () => {
      if (worker === started) worker = undefined;
      failAll(new Error('worker exited'));
    });
    return started;
  };

  return {
    call(request) {
      worker ??= start();
      const id = nextId++;
      const target = worker;
      return new Promise<Res>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        target.ref();
        target.postMessage({ id, request });
      }).finally(() => {
        if (pending.size === 0) target.unref();
      });
    },
    async close() {
      const current = worker;
      worker = undefined;
      if (current) await current.terminate();
    },
  };
}

/** Serves `handle` inside a worker module: the counterpart of `workerCall`. */
export function serveWorkerCalls<Req, Res>(handle: (request: Req) => Promise<Res> | Res): void {
  if (!parentPort) throw new Error('serveWorkerCalls must run inside a worker thread');
  const port = parentPort;
  port.on('message', (message: { id: number; request: Req }) => {
    void (async () => {
      try {
        port.postMessage({ id: message.id, ok: true, value: await handle(message.request) });
      } catch (error) {
        port.postMessage({ id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
}

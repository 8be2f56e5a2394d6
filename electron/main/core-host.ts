/**
 * Runs the kiosk core in a separate process (an Electron utility process) and supervises it, so a
 * crash in a driver or service can never take the window down. While the core is down, calls answer
 * `unavailable` at once and the UI shows "service temporarily unavailable"; the core is restarted
 * with backoff and the UI recovers when it reports ready.
 */
import { RequestMessage, ServerMessage, type EventMessage, type ResponseMessage, type RpcErrorCode } from '../../contract/rpc';

/** The part of Electron's UtilityProcess the host uses. */
export interface CoreProcess {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  kill(): boolean;
}

export interface CoreHostOptions {
  fork: () => CoreProcess;
  onEvent: (message: EventMessage) => void;
  log: (event: string, fields?: Record<string, unknown>) => void;
  requestTimeoutMs?: number;
  restartDelaysMs?: readonly number[];
}

export interface CoreHost {
  readonly running: boolean;
  start(): void;
  request(raw: unknown): Promise<ResponseMessage>;
  stop(): void;
}

export function createCoreHost(options: CoreHostOptions): CoreHost {
  const timeoutMs = options.requestTimeoutMs ?? 20_000;
  const delays = options.restartDelaysMs ?? [500, 1_000, 2_000, 5_000, 10_000, 30_000];
  const pending = new Map<number, { clientId: number; resolve: (response: ResponseMessage) => void; timer: ReturnType<typeof setTimeout> }>();
  let child: CoreProcess | undefined;
  let ready = false;
  let stopped = false;
  let crashes = 0;
  let nextId = 1;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let stableTimer: ReturnType<typeof setTimeout> | undefined;

  const failure = (id: number, code: RpcErrorCode, message: string): ResponseMessage => ({ type: 'response', id, ok: false, error: { code, message } });

  const failPending = (message: string) => {
    for (const [id, entry] of pending) {
      clearTimeout(entry.timer);
      pending.delete(id);
      entry.resolve(failure(entry.clientId, 'unavailable', message));
    }
  };

  const spawn = () => {
    ready = false;
    const proc = options.fork();
    child = proc;
    proc.on('message', (raw) => {
      if (proc !== child) return;
      const parsed = ServerMessage.safeParse(raw);
      if (!parsed.success) return options.log('core-message-malformed');
      const message = parsed.data;
      if (message.type === 'event') {
        if (message.name === 'core.state') {
          ready = (message.payload as { state?: string }).state === 'ready';
          if (ready) {
            clearTimeout(stableTimer);
            // A core that stays up for a minute has recovered: the next crash starts the backoff over.
            stableTimer = setTimeout(() => (crashes = 0), 60_000);
          }
        }
        options.onEvent(message);
        return;
      }
      const entry = pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id);
      clearTimeout(entry.timer);
      entry.resolve({ ...message, id: entry.clientId });
    });
    proc.on('exit', (code) => {
      if (proc !== child) return;
      child = undefined;
      ready = false;
      clearTimeout(stableTimer);
      failPending('the kiosk core stopped');
      if (stopped) return;
      const delay = delays[Math.min(crashes, delays.length - 1)]!;
      crashes += 1;
      options.log('core-exited', { code, restartInMs: delay, crashes });
      options.onEvent({ type: 'event', name: 'core.state', payload: { state: 'unavailable', reason: `exit code ${code}` } });
      restartTimer = setTimeout(spawn, delay);
    });
  };

  return {
    get running() {
      return ready;
    },
    start() {
      stopped = false;
      spawn();
    },
    request(raw) {
      const envelope = RequestMessage.safeParse(raw);
      const rawId = (raw as { id?: unknown } | null)?.id;
      const clientId = envelope.success ? envelope.data.id : typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0 ? rawId : 0;
      if (!envelope.success) return Promise.resolve(failure(clientId, 'badMessage', 'not a valid request envelope'));
      if (!child || !ready) return Promise.resolve(failure(clientId, 'unavailable', 'the kiosk core is restarting'));
      const id = nextId++;
      const target = child;
      return new Promise<ResponseMessage>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(failure(clientId, 'timeout', `${envelope.data.method} got no answer from the core in ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { clientId, resolve, timer });
        target.postMessage({ ...envelope.data, id });
      });
    },
    stop() {
      stopped = true;
      clearTimeout(restartTimer);
      clearTimeout(stableTimer);
      failPending('the kiosk is shutting down');
      child?.kill();
      child = undefined;
    },
  };
}

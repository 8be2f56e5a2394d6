/**
 * The UI side of the contract, generic over methods and transports: one pending-request table,
 * timeouts, and runtime validation of every response and event before anything reaches the app.
 */
import {
  events,
  isEventName,
  methods,
  type EventName,
  type KioskApi,
  type MethodName,
  type ParamsOf,
  type PayloadOf,
  type ResultOf,
} from './api';
import { KioskApiError, ServerMessage, type RequestMessage } from './rpc';

/** Moves envelopes; knows nothing of methods. */
export interface ClientTransport {
  /** Sends one request. May throw when the link is down; the client turns that into `unavailable`. */
  send(message: RequestMessage): void;
  onMessage(listener: (raw: unknown) => void): () => void;
  /** Link up/down. For Electron the link is always up; core availability comes as `core.state` events. */
  onConnection(listener: (connected: boolean) => void): () => void;
  readonly connected: boolean;
}

export interface ClientOptions {
  timeoutMs?: number;
  /** Called with a short description whenever an inbound message is dropped as malformed. */
  onProtocolError?: (problem: string) => void;
}

interface Pending {
  method: MethodName;
  resolve: (value: unknown) => void;
  reject: (error: KioskApiError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface KioskClient extends KioskApi {
  /** True while the core can answer: link connected and core not reported unavailable. */
  readonly available: boolean;
  onAvailability(listener: (available: boolean) => void): () => void;
  dispose(): void;
}

type Listener = (payload: never) => void;

export function createKioskClient(transport: ClientTransport, options: ClientOptions = {}): KioskClient {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const report = options.onProtocolError ?? (() => {});
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<Listener>>();
  const availabilityListeners = new Set<(available: boolean) => void>();
  let nextId = 1;
  let coreReady = true;
  let available = transport.connected;

  const updateAvailability = () => {
    const now = transport.connected && coreReady;
    if (now === available) return;
    available = now;
    for (const listener of availabilityListeners) listener(now);
  };

  const failAll = (message: string) => {
    for (const [id, request] of pending) {
      clearTimeout(request.timer);
      pending.delete(id);
      request.reject(new KioskApiError('unavailable', message));
    }
  };

  const dispatchEvent = (name: string, payload: unknown) => {
    if (!isEventName(name)) return report(`unknown event ${name}`);
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) return report(`malformed payload for event ${name}`);
    if (name === 'core.state') {
      coreReady = (parsed.data as PayloadOf<'core.state'>).state === 'ready';
      if (!coreReady) failAll('the kiosk core is restarting');
      updateAvailability();
    }
    for (const listener of listeners.get(name) ?? []) {
      try {
        (listener as (payload: unknown) => void)(parsed.data);
      } catch (error) {
        report(`listener for ${name} threw: ${(error as Error).message}`);
      }
    }
  };

  const offMessage = transport.onMessage((raw) => {
    const parsed = ServerMessage.safeParse(raw);
    if (!parsed.success) return report('malformed message from the core');
    const message = parsed.data;
    if (message.type === 'event') return dispatchEvent(message.name, message.payload);
    const request = pending.get(message.id);
    if (!request) return report(`response for unknown request ${message.id}`);
    pending.delete(message.id);
    clearTimeout(request.timer);
    if (!message.ok) return request.reject(new KioskApiError(message.error.code, message.error.message));
    const result = methods[request.method].result.safeParse(message.result);
    if (result.success) request.resolve(result.data);
    else request.reject(new KioskApiError('badResult', `the core answered ${request.method} with an invalid result`));
  });

  const offConnection = transport.onConnection((connected) => {
    if (!connected) failAll('the connection to the kiosk core was lost');
    else coreReady = true; // a fresh connection is to a running core; it says otherwise if not
    updateAvailability();
  });

  return {
    get available() {
      return available;
    },
    call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      return new Promise<ResultOf<M>>((resolve, reject) => {
        if (!available) return reject(new KioskApiError('unavailable', 'the kiosk core is not available'));
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new KioskApiError('timeout', `${method} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, timer });
        try {
          transport.send({ type: 'request', id, method, params });
        } catch (error) {
          clearTimeout(timer);
          pending.delete(id);
          reject(new KioskApiError('unavailable', `could not reach the kiosk core: ${(error as Error).message}`));
        }
      });
    },
    on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
    onAvailability(listener) {
      availabilityListeners.add(listener);
      return () => availabilityListeners.delete(listener);
    },
    dispose() {
      offMessage();
      offConnection();
      failAll('the client was disposed');
      listeners.clear();
      availabilityListeners.clear();
    },
  };
}

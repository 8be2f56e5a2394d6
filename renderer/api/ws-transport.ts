/**
 * Web mode: the contract over a loopback WebSocket. The token the host put into index.html is
 * the only credential; the socket reconnects with backoff when the core restarts.
 */
import type { ClientTransport } from '../../contract/rpc-client';
import { parseJson, type RequestMessage } from '../../contract/rpc';

export const TOKEN_META = 'kiosk-ws-token';

export function createWebSocketTransport(url: string, options: { WebSocketImpl?: typeof WebSocket } = {}): ClientTransport & { close(): void } {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const messageListeners = new Set<(raw: unknown) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let socket: WebSocket | undefined;
  let connected = false;
  let closed = false;
  let retryMs = 250;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const setConnected = (value: boolean) => {
    if (connected === value) return;
    connected = value;
    for (const listener of connectionListeners) listener(value);
  };

  const connect = () => {
    const ws = new Impl(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      setConnected(true);
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      const raw = parseJson(event.data);
      for (const listener of messageListeners) listener(raw);
    };
    ws.onclose = () => {
      setConnected(false);
      if (closed) return;
      retryTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    };
    ws.onerror = () => ws.close();
  };
  connect();

  return {
    get connected() {
      return connected;
    },
    send(message: RequestMessage) {
      if (!socket || socket.readyState !== Impl.OPEN) throw new Error('socket not open');
      socket.send(JSON.stringify(message));
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
  };
}

/** The API URL for the page this script was served with. */
export function webSocketUrlFromPage(doc: Document = document, loc: Location = location): string {
  const token = doc.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META}"]`)?.content ?? '';
  return `ws://${loc.host}/api?token=${encodeURIComponent(token)}`;
}

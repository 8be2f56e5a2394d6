/**
 * Electron: the contract over the preload's `window.kiosk` bridge (invoke + subscribe). The IPC link
 * itself never drops; whether the core is up arrives as `core.state` events from the main process.
 */
import type { ClientTransport } from '../../contract/rpc-client';
import type { RequestMessage } from '../../contract/rpc';

export function createElectronTransport(bridge: KioskBridge): ClientTransport {
  const messageListeners = new Set<(raw: unknown) => void>();
  const deliver = (raw: unknown) => {
    for (const listener of messageListeners) listener(raw);
  };
  bridge.subscribe(deliver);
  return {
    connected: true,
    send(message: RequestMessage) {
      bridge.invoke(message).then(deliver, (error: unknown) =>
        deliver({
          type: 'response',
          id: message.id,
          ok: false,
          error: { code: 'unavailable', message: error instanceof Error ? error.message : 'IPC failed' },
        }),
      );
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onConnection: () => () => {},
  };
}

/**
 * The only bridge between the sandboxed page and the app: `window.kiosk` with `invoke` and
 * `subscribe`. No raw ipcRenderer, no Node: the page can send contract envelopes and nothing else.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const RPC_CHANNEL = 'kiosk:rpc';
const EVENT_CHANNEL = 'kiosk:event';

contextBridge.exposeInMainWorld('kiosk', {
  invoke: (request: unknown): Promise<unknown> => ipcRenderer.invoke(RPC_CHANNEL, request),
  subscribe: (listener: (message: unknown) => void): (() => void) => {
    const handler = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
});

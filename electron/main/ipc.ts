/**
 * The IPC side of the contract in the main process: one generic channel for calls, one for events.
 * Calls are accepted only from the app's own origin; everything else gets `unauthorized`.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { EventMessage, ResponseMessage } from '../../contract/rpc';
import type { CoreHost } from './core-host';
import { isAppUrl } from './policies';

export const RPC_CHANNEL = 'kiosk:rpc';
export const EVENT_CHANNEL = 'kiosk:event';

export function installIpcBridge(ipcMain: IpcMain, core: CoreHost, log: (event: string, fields?: Record<string, unknown>) => void): () => void {
  ipcMain.handle(RPC_CHANNEL, (event: IpcMainInvokeEvent, request: unknown): Promise<ResponseMessage> | ResponseMessage => {
    const url = event.senderFrame?.url ?? '';
    if (!isAppUrl(url)) {
      log('ipc-refused', { origin: url.slice(0, 100) });
      const id = (request as { id?: unknown } | null)?.id;
      return { type: 'response', id: typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : 0, ok: false, error: { code: 'unauthorized', message: 'calls are accepted from the kiosk app only' } };
    }
    return core.request(request);
  });
  return () => ipcMain.removeHandler(RPC_CHANNEL);
}

export function forwardEvent(contents: WebContents | undefined, message: EventMessage): void {
  if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, message);
}

/** Picks the transport for where the UI runs and makes the one typed client the stores use. */
import { createKioskClient, type KioskClient } from '../../contract/rpc-client';
import { createElectronTransport } from './electron-transport';
import { createWebSocketTransport, webSocketUrlFromPage } from './ws-transport';

export function createClientForPage(): KioskClient {
  const transport = window.kiosk ? createElectronTransport(window.kiosk) : createWebSocketTransport(webSocketUrlFromPage());
  return createKioskClient(transport, {
    onProtocolError: (problem) => console.warn(`[kiosk] dropped a message: ${problem}`),
  });
}

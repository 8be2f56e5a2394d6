/** The one API client the stores talk through; tests install a fake. Components never use it directly. */
import type { KioskClient } from '../../contract/rpc-client';

let current: KioskClient | undefined;

export function installApi(client: KioskClient): void {
  current = client;
}

export function useApi(): KioskClient {
  if (!current) throw new Error('the kiosk API client is not installed');
  return current;
}

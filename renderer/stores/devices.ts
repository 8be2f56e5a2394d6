/** Device health for the status bar, kept live by the core's `devices.health` events. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DeviceHealth } from '../../contract/api';
import { useApi } from '../api/current';

export const useDeviceHealthStore = defineStore('deviceHealth', () => {
  const health = ref<DeviceHealth | null>(null);

  async function refresh(): Promise<void> {
    health.value = await useApi().call('devices.health', {});
  }

  function connect(): void {
    const api = useApi();
    api.on('devices.health', (next) => (health.value = next));
    api.onAvailability((now) => {
      if (now) void refresh().catch(() => {});
      else health.value = null;
    });
    if (api.available) void refresh().catch(() => {});
  }

  return { health, refresh, connect };
});

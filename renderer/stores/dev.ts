/** The development dock's state: simulated devices, what can be done to them, printed output. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DevAction, DevPrinted, DevState } from '../../contract/dev';
import { useApi } from '../api/current';

export const useDevStore = defineStore('dev', () => {
  const state = ref<DevState | null>(null);
  const printed = ref<DevPrinted>({});
  const error = ref<string | null>(null);

  async function refresh(): Promise<void> {
    try {
      state.value = await useApi().call('dev.state', {});
      printed.value = await useApi().call('dev.printed', {});
      error.value = null;
    } catch (cause) {
      error.value = (cause as Error).message;
    }
  }

  async function act(deviceId: string, action: DevAction): Promise<void> {
    try {
      await useApi().call('dev.act', { deviceId, action });
      error.value = null;
    } catch (cause) {
      error.value = (cause as Error).message;
    }
    await refresh();
  }

  return { state, printed, error, refresh, act };
});

/**
 * Voice health for the status bar (and the staff board), kept live by the core's `voice.health`
 * events; and, whenever the core comes (back), the prompt catalogue it renders ahead of time.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { VoiceHealth } from '../../contract/api';
import { useApi } from '../api/current';
import { voicePromptCatalogue } from '../voice/prompts';

export const useVoiceStore = defineStore('voice', () => {
  const health = ref<VoiceHealth | null>(null);

  async function refresh(): Promise<void> {
    const api = useApi();
    health.value = await api.call('voice.health', {});
    await api.call('speech.prepare', { prompts: voicePromptCatalogue() });
  }

  function connect(): void {
    const api = useApi();
    api.on('voice.health', (next) => (health.value = next));
    api.onAvailability((now) => {
      if (now) void refresh().catch(() => {});
      else health.value = null;
    });
    if (api.available) void refresh().catch(() => {});
  }

  return { health, refresh, connect };
});

/** Kiosk-wide, non-personal state: configuration the core reports, core availability, language, voice. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { KioskInfo, Locale } from '../../contract/api';
import { useApi } from '../api/current';

export const useKioskStore = defineStore('kiosk', () => {
  const info = ref<KioskInfo | null>(null);
  const available = ref(false);
  const locale = ref<Locale>('zh-CN');
  const voiceEnabled = ref(true);

  async function refresh(): Promise<void> {
    const first = info.value === null;
    info.value = await useApi().call('kiosk.info', {});
    if (first) locale.value = info.value.defaultLocale;
  }

  /** The next resident starts in the post's default language, not the last resident's choice. */
  function resetForNextResident(): void {
    locale.value = info.value?.defaultLocale ?? 'zh-CN';
  }

  /** Follows core availability and reloads what the core knows whenever it comes back. */
  function connect(): void {
    const api = useApi();
    available.value = api.available;
    api.onAvailability((now) => {
      available.value = now;
      if (now) void refresh().catch(() => {});
    });
    if (api.available) void refresh().catch(() => {});
  }

  function setLocale(next: Locale): void {
    locale.value = next;
  }

  return { info, available, locale, voiceEnabled, refresh, connect, setLocale, resetForNextResident };
});

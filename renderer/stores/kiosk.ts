/** Kiosk-wide, non-personal state: configuration the core reports, which services run now, core availability, language, voice. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { KioskInfo, Locale, ServiceAvailability } from '../../contract/api';
import { DEFAULT_TIME_ZONE } from '../../contract/clock';
import { useApi } from '../api/current';

export const useKioskStore = defineStore('kiosk', () => {
  const info = ref<KioskInfo | null>(null);
  /** Which services can be started now (paused ones carry the reason); follows `services.changed`. */
  const services = ref<ServiceAvailability[]>([]);
  const available = ref(false);
  const locale = ref<Locale>('zh-CN');
  const voiceEnabled = ref(true);
  const timeZone = computed(() => info.value?.timeZone ?? DEFAULT_TIME_ZONE);

  async function refresh(): Promise<void> {
    const first = info.value === null;
    info.value = await useApi().call('kiosk.info', {});
    services.value = info.value.services;
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
    api.on('services.changed', (next) => (services.value = next));
    api.onAvailability((now) => {
      available.value = now;
      if (now) void refresh().catch(() => {});
    });
    if (api.available) void refresh().catch(() => {});
  }

  function setLocale(next: Locale): void {
    locale.value = next;
  }

  function service(id: ServiceAvailability['id']): ServiceAvailability | undefined {
    return services.value.find((entry) => entry.id === id);
  }

  return { info, services, available, locale, voiceEnabled, timeZone, refresh, connect, setLocale, resetForNextResident, service };
});

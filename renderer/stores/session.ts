/**
 * One resident's visit. Every store that holds personal data registers a wipe function here;
 * ending the session (home, idle, done) calls them all and tells the core to wipe its side too.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Locale, SessionEndReason } from '../../contract/api';
import { useApi } from '../api/current';

export const useSessionStore = defineStore('session', () => {
  const sessionId = ref<string | null>(null);
  const wipers = new Map<string, () => void>();

  /** A personal-data store calls this once, at creation. */
  function registerPersonalData(name: string, wipe: () => void): void {
    wipers.set(name, wipe);
  }

  async function start(locale: Locale, options: { elderly?: boolean } = {}): Promise<string> {
    if (sessionId.value) await end('home');
    const session = await useApi().call('session.start', { locale, ...(options.elderly ? { elderly: true } : {}) });
    sessionId.value = session.sessionId;
    return session.sessionId;
  }

  /** Wipes every registered store first (always), then ends the core session if there is one. */
  async function end(reason: SessionEndReason): Promise<void> {
    for (const wipe of wipers.values()) wipe();
    const id = sessionId.value;
    sessionId.value = null;
    if (!id) return;
    try {
      await useApi().call('session.end', { sessionId: id, reason });
    } catch {
      // The core ends sessions on its own restart; the UI side is already wiped.
    }
  }

  return { sessionId, registerPersonalData, start, end };
});

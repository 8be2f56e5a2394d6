/**
 * What the idle time-out may do on the screen showing now. The route says whether idle applies at
 * all; a flow screen narrows it: while a payment window is open the payment's own time governs (the
 * "still there?" prompt must never cover a payment QR), while printing nothing may interrupt, and a
 * finished screen goes home by itself after a short time.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type IdlePolicy =
  | { kind: 'watch' }
  | { kind: 'suspended'; why: 'payment' | 'printing' | 'working' }
  | { kind: 'returnHome'; afterSeconds: number };

export const useIdleStore = defineStore('idle', () => {
  const policy = ref<IdlePolicy>({ kind: 'watch' });

  function set(next: IdlePolicy): void {
    if (JSON.stringify(next) !== JSON.stringify(policy.value)) policy.value = next;
  }

  function reset(): void {
    set({ kind: 'watch' });
  }

  return { policy, set, reset };
});

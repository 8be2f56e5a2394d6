/**
 * Small pure helpers every flow screen shares: money in yuan, which money situations need
 * explaining, and a composable that speaks a screen's instruction once.
 */
import { onBeforeUnmount, onMounted, watch, type WatchSource } from 'vue';
import type { MoneyView } from '../../contract/flows/common';
import { speak, stopSpeaking } from '../composables/voice';
import { useKioskStore } from '../stores/kiosk';

export { yuan } from '../../contract/money';

/** True when the resident must be told something about money (anything but "not charged" or no order). */
export function moneyNeedsExplaining(money: MoneyView | undefined): boolean {
  return money !== undefined && money.status !== 'notCharged';
}

/**
 * Whether cancelling in this state may involve money, so the UI must wait for the flow's ending
 * and explain it rather than go straight home. A view that carries `money` at all (even "not
 * charged") says something is at stake already, e.g. penalty decisions issued and not yet paid.
 */
export function cancelMayInvolveMoney(state: string | null, money: MoneyView | undefined): boolean {
  return state === 'payment' || state === 'printing' || state === 'done' || money !== undefined;
}

/**
 * Speaks `text()` when the screen appears and again whenever `again` changes (e.g. a new problem
 * after another attempt), in the kiosk's language and only if voice is on.
 */
export function useScreenVoice(text: () => string, again?: WatchSource<unknown>): void {
  const kiosk = useKioskStore();
  const say = () => speak(text(), kiosk.locale, kiosk.voiceEnabled);
  onMounted(say);
  // A flow changes screens without changing route: the screen that goes stops talking.
  onBeforeUnmount(stopSpeaking);
  if (again) watch(again, say);
}

/** What every screen passes to FlowScreenFrame: position in the flow and the root test id. */
export interface FrameProps {
  step: number;
  totalSteps: number;
  stepLabels: readonly string[];
  testid: string;
  exitLabel?: string;
  exitDisabled?: boolean;
}

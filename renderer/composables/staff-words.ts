/**
 * Words for the four-colour board's reason codes (contract/four-colour.ts), in the screen's
 * language: parameters that are codes themselves (a device kind, a supply, a ticket kind) are
 * worded too, amounts become yuan.
 */
import type { BoardItem, BoardReason } from '../../contract/four-colour';
import { yuan } from '../../contract/money';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export function reasonWords(t: Translate, reason: BoardReason): string {
  const p = reason.params ?? {};
  const text = (value: unknown) => String(value ?? '');
  switch (reason.code) {
    case 'consumableLow':
      return t('staff.reason.consumableLow', {
        supply: t(`staff.supply.${text(p.supply)}`),
        remaining: p.remaining,
        unit: t(`staff.unit.${text(p.unit)}`),
      });
    case 'servicePaused':
      return t('staff.reason.servicePaused', {
        device: p.device ? t(`staff.device.${text(p.device)}`) : '',
        problem: p.problem ? t(`staff.problem.${text(p.problem)}`) : '',
      });
    case 'moneyUnresolved':
      return t('staff.reason.moneyUnresolved', {
        transactionId: p.transactionId,
        amount: yuan(Number(p.amountFen ?? 0)),
        why: t(`staff.moneyWhy.${text(p.why)}`),
      });
    case 'ticketOpen':
    case 'ticketAcknowledged':
    case 'ticketOverdue':
    case 'ticketLongOverdue':
    case 'ticketAwaitingVerification':
      return t(`staff.reason.${reason.code}`, {
        number: p.number,
        kind: t(`staff.tickets.kind.${text(p.kind)}`),
        ageMinutes: p.ageMinutes,
      });
    default:
      return t(`staff.reason.${reason.code}`);
  }
}

/** What a board item is about: the device's name, the service's name, money, a ticket, voice. */
export function subjectWords(t: Translate, item: BoardItem): string {
  switch (item.subject) {
    case 'device':
      return item.deviceKind ? t(`staff.device.${item.deviceKind}`) : item.ref;
    case 'service':
      return t(`services.${item.ref}.name`);
    case 'money':
      return t('staff.subject.money');
    case 'ticket':
      return item.ref;
    case 'voice':
      return t('staff.subject.speech');
  }
}

/** The four-colour rules, one case per rule, on the pure board function. */
import { describe, expect, it } from 'vitest';
import type { DeviceSnapshot, DeviceStatus } from '../../contract/device';
import { Board } from '../../contract/four-colour';
import { fourColourBoard, type BoardInput } from './board';

const snapshot = (id: string, status: DeviceStatus, healthy = true): DeviceSnapshot => ({
  identity: { id, kind: status.kind, driver: 'sim', port: 'in-process' },
  status,
  healthy,
  since: '2026-12-01T00:00:00.000Z',
});
const receiptOk: DeviceStatus = {
  kind: 'receiptPrinter',
  device: 'online',
  paper: 'full',
  cover: 'closed',
  cutter: 'ok',
};
const cardOk: DeviceStatus = {
  kind: 'cardPrinter',
  device: 'online',
  cardStock: 'full',
  ribbon: 'full',
  cover: 'closed',
  media: 'ok',
};

const base = (over: Partial<BoardInput> = {}): BoardInput => ({
  kioskId: 'K1',
  now: new Date('2026-12-01T02:00:00Z'),
  devices: { level: 'ok', devices: [snapshot('receiptPrinter', receiptOk), snapshot('cardPrinter', cardOk)] },
  consumablesLow: [],
  services: [
    { id: 'tempIdCard', available: true, state: 'ready' },
    { id: 'traffic', available: false, state: 'off' },
    { id: 'help', available: false, state: 'notImplemented' },
  ],
  tickets: [],
  money: [],
  voice: { level: 'ok', engine: 'espeak-ng', engines: [], checking: false },
  ...over,
});
const item = (board: ReturnType<typeof fourColourBoard>, key: string) => board.items.find((i) => i.key === key);

describe('four-colour board', () => {
  it('is green when everything is ready; services switched off or not in this build are not followed', () => {
    const board = fourColourBoard(base());
    expect(Board.parse(board)).toEqual(board); // the contract's JSON shape
    expect(board.colour).toBe('green');
    expect(board.items.map((i) => i.key)).toEqual([
      'money',
      'device:receiptPrinter',
      'device:cardPrinter',
      'service:tempIdCard',
      'voice',
    ]);
    expect(board.counts).toEqual({ red: 0, orange: 0, yellow: 0, green: 5 });
    expect(JSON.parse(JSON.stringify(board))).toEqual(board);
  });

  it('red: a device down, with the cause in codes', () => {
    const down = { ...cardOk, device: 'userError' as const, cardStock: 'out' as const, cover: 'open' as const };
    const board = fourColourBoard(
      base({
        devices: {
          level: 'down',
          devices: [snapshot('receiptPrinter', receiptOk), snapshot('cardPrinter', down, false)],
        },
      }),
    );
    expect(board.colour).toBe('red');
    expect(board.items[0]).toMatchObject({
      key: 'device:cardPrinter',
      colour: 'red',
      reasons: [{ code: 'cardsOut' }, { code: 'coverOpen' }],
    });
    const offline = fourColourBoard(
      base({
        devices: {
          level: 'down',
          devices: [snapshot('receiptPrinter', { ...receiptOk, device: 'offline', paper: 'unknown' }, false)],
        },
      }),
    );
    expect(item(offline, 'device:receiptPrinter')).toMatchObject({
      colour: 'red',
      reasons: [{ code: 'deviceOffline' }],
    });
  });

  it('red: money unresolved, each transaction named', () => {
    const board = fourColourBoard(
      base({
        money: [
          { transactionId: 'TK1-20261201-00001', amountFen: 1000, why: 'refundFailed', since: '2026-12-01T01:00:00Z' },
        ],
      }),
    );
    expect(board.colour).toBe('red');
    expect(board.items[0]).toEqual({
      key: 'money',
      subject: 'money',
      ref: 'money',
      colour: 'red',
      reasons: [
        {
          code: 'moneyUnresolved',
          params: { transactionId: 'TK1-20261201-00001', amountFen: 1000, why: 'refundFailed' },
        },
      ],
    });
  });

  it('orange: a service paused, with the device and problem', () => {
    const board = fourColourBoard(
      base({
        services: [
          {
            id: 'tempIdCard',
            available: false,
            state: 'paused',
            pause: { device: 'cardPrinter', problem: 'suppliesOut' },
          },
        ],
      }),
    );
    expect(board.colour).toBe('orange');
    expect(item(board, 'service:tempIdCard')).toMatchObject({
      colour: 'orange',
      reasons: [{ code: 'servicePaused', params: { device: 'cardPrinter', problem: 'suppliesOut' } }],
    });
  });

  it('yellow: consumables low (from the printer or counted), a voice warning, an open ticket', () => {
    const low = fourColourBoard(
      base({ devices: { level: 'degraded', devices: [snapshot('receiptPrinter', { ...receiptOk, paper: 'low' })] } }),
    );
    expect(item(low, 'device:receiptPrinter')).toMatchObject({ colour: 'yellow', reasons: [{ code: 'paperLow' }] });
    const counted = fourColourBoard(
      base({
        consumablesLow: [
          {
            deviceId: 'cardPrinter',
            view: {
              supply: 'cards',
              unit: 'cards',
              capacity: 100,
              used: 95,
              remaining: 5,
              low: true,
              source: 'estimate',
            },
          },
        ],
      }),
    );
    expect(item(counted, 'device:cardPrinter')).toMatchObject({
      colour: 'yellow',
      reasons: [{ code: 'consumableLow', params: { supply: 'cards', remaining: 5, unit: 'cards' } }],
    });
    const silent = fourColourBoard(base({ voice: { level: 'degraded', engine: null, engines: [], checking: false } }));
    expect(item(silent, 'voice')).toMatchObject({ colour: 'yellow', reasons: [{ code: 'voiceSilent' }] });
    const ticket = fourColourBoard(
      base({
        tickets: [
          { number: 'WK1-20261201-001', kind: 'receiptPending', state: 'open', colour: 'yellow', ageMinutes: 3 },
        ],
      }),
    );
    expect(ticket.colour).toBe('yellow');
    expect(item(ticket, 'ticket:WK1-20261201-001')).toMatchObject({
      colour: 'yellow',
      reasons: [{ code: 'ticketOpen', params: { number: 'WK1-20261201-001', kind: 'receiptPending', ageMinutes: 3 } }],
    });
  });

  it('tickets past their deadline turn orange, then red; resolved ones wait for verification in yellow', () => {
    const board = fourColourBoard(
      base({
        tickets: [
          { number: 'W-1', kind: 'receiptPending', state: 'acknowledged', colour: 'orange', ageMinutes: 45 },
          { number: 'W-2', kind: 'refundNeedsStaff', state: 'open', colour: 'red', ageMinutes: 200 },
          { number: 'W-3', kind: 'cardNotPrinted', state: 'resolved', colour: 'yellow', ageMinutes: 300 },
          { number: 'W-4', kind: 'other', state: 'closed', colour: 'green', ageMinutes: 300 },
        ],
      }),
    );
    expect(board.items.filter((i) => i.subject === 'ticket').map((i) => [i.ref, i.colour, i.reasons[0]!.code])).toEqual(
      [
        ['W-2', 'red', 'ticketLongOverdue'],
        ['W-1', 'orange', 'ticketOverdue'],
        ['W-3', 'yellow', 'ticketAwaitingVerification'],
      ],
    );
    expect(board.colour).toBe('red');
    // Worst first.
    expect(board.items.map((i) => i.colour)).toEqual(
      [...board.items.map((i) => i.colour)].sort(
        (a, b) => ['red', 'orange', 'yellow', 'green'].indexOf(a) - ['red', 'orange', 'yellow', 'green'].indexOf(b),
      ),
    );
  });
});

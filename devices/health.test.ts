import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../contract/device';
import { isHealthy, needsAttention, overallHealth } from './health';

const reader: DeviceStatus = { kind: 'idCardReader', device: 'online', media: 'notPresent' };
const scanner: DeviceStatus = { kind: 'qrScanner', device: 'online' };
const receipt: DeviceStatus = { kind: 'receiptPrinter', device: 'online', paper: 'full', cover: 'closed', cutter: 'ok' };
const card: DeviceStatus = { kind: 'cardPrinter', device: 'online', cardStock: 'full', ribbon: 'full', cover: 'closed', media: 'ok' };

describe('device health', () => {
  it('is ok when every device is online with supplies', () => {
    expect(overallHealth([reader, scanner, receipt, card])).toBe('ok');
  });

  it('is degraded when a supply runs low but everything still works', () => {
    expect(overallHealth([reader, { ...receipt, paper: 'low' }])).toBe('degraded');
    expect(overallHealth([{ ...card, ribbon: 'low' }])).toBe('degraded');
    expect(needsAttention({ ...card, cardStock: 'low' })).toBe(true);
  });

  it.each<[string, DeviceStatus]>([
    ['reader offline', { ...reader, device: 'offline' }],
    ['scanner missing', { ...scanner, device: 'noDevice' }],
    ['paper out', { ...receipt, paper: 'out' }],
    ['paper jammed', { ...receipt, paper: 'jammed' }],
    ['printer cover open', { ...receipt, cover: 'open' }],
    ['cutter error', { ...receipt, cutter: 'error' }],
    ['no cards', { ...card, cardStock: 'out' }],
    ['ribbon out', { ...card, ribbon: 'out' }],
    ['card jam', { ...card, media: 'jammed' }],
    ['card printer hardware error', { ...card, device: 'hardwareError' }],
  ])('is down when %s', (_name, status) => {
    expect(isHealthy(status)).toBe(false);
    expect(overallHealth([reader, scanner, receipt, card].map((s) => (s.kind === status.kind ? status : s)))).toBe('down');
  });

  it('a card on the reader is not a fault', () => {
    expect(isHealthy({ ...reader, media: 'present' })).toBe(true);
  });
});

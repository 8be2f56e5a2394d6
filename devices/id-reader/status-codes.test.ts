import { describe, expect, it } from 'vitest';
import { describeStatus, knownStatusCodes } from './status-codes';

describe('SW3 status codes', () => {
  it('maps every documented code', () => {
    const documented = [
      0x90, 0x9f, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x60, 0x66, 0x80, 0x81, 0x91,
    ];
    expect([...knownStatusCodes].sort((a, b) => a - b)).toEqual([...documented].sort((a, b) => a - b));
    for (const code of documented) expect(describeStatus(code).message.length).toBeGreaterThan(0);
  });

  it('gives completion codes and device errors', () => {
    expect(describeStatus(0x90)).toMatchObject({ completion: 'success', deviceFault: false });
    expect(describeStatus(0x80)).toMatchObject({ completion: 'userError', error: 'noMedia' });
    expect(describeStatus(0x41)).toMatchObject({ completion: 'userError', error: 'readFailed' });
    expect(describeStatus(0x40)).toMatchObject({ error: 'invalidMedia' });
    expect(describeStatus(0x60)).toMatchObject({ completion: 'hardwareError', error: 'samError', deviceFault: true });
    expect(describeStatus(0x10)).toMatchObject({ error: 'communicationError' });
    expect(describeStatus(0x21)).toMatchObject({ completion: 'invalidCommand' });
    expect(describeStatus(0x91)).toMatchObject({ completion: 'invalidData', error: 'noContent' });
    expect(describeStatus(0x55)).toMatchObject({
      completion: 'hardwareError',
      error: 'unknownStatus',
      meaning: 'unknown status 0x55',
    });
  });
});

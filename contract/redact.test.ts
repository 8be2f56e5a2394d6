import { describe, expect, it } from 'vitest';
import { maskIdNumbersInText } from './redact';

describe('maskIdNumbersInText', () => {
  it('masks an ID number wherever it stands in text', () => {
    expect(maskIdNumbersInText('{"id":"11010519491231002X"}')).toBe('{"id":"110105********002X"}');
    expect(maskIdNumbersInText('card 110105194912310021 read')).toBe('card 110105********0021 read');
    expect(maskIdNumbersInText('lower x 11010519491231002x')).toBe('lower x 110105********002x');
  });

  it('leaves longer digit runs and short numbers alone', () => {
    expect(maskIdNumbersInText('order 1234567890123456789012')).toBe('order 1234567890123456789012');
    expect(maskIdNumbersInText('fee 1000 fen')).toBe('fee 1000 fen');
  });
});

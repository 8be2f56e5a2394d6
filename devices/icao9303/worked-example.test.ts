/**
 * ICAO Doc 9303 Part 11, Appendix D ("Worked example: Basic Access Control"): every value below is the
 * standard's (document L898902C<, born 690806, expiring 940623), not one produced by this project's code.
 * Both the reader side and the chip side (the simulator) must reproduce them byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { checkDigit } from '../../contract/permit-ocr';
import type { CommandResult } from '../types';
import { parseCommand, parseResponse } from './apdu';
import { answerExternalAuthenticate, externalAuthenticateData, performBac, sessionFrom } from './bac';
import { fromHex, hex } from './bytes';
import type { ApduChannel, TransmitError } from './channel';
import { bacKeys, deriveKey, keySeed, mrzInformation } from './keys';
import { SecureMessaging } from './secure-messaging';

const D = {
  mrzInfo: 'L898902C<369080619406236',
  kSeed: '239AB9CB282DAF66231DC5A4DF6BFBAE',
  kEnc: 'AB94FDECF2674FDFB9B391F85D7F76F2',
  kMac: '7962D9ECE03D1ACD4C76089DCE131543',
  rndIc: '4608F91988702212',
  rndIfd: '781723860C06C226',
  kIfd: '0B795240CB7049B01C19B33E32804F0B',
  eIfd: '72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2',
  mIfd: '5F1448EEA8AD90A7',
  kIc: '0B4F80323EB3191CB04970CB4052790B',
  chipAnswer: '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449',
  ksEnc: '979EC13B1CBFE9DCD01AB0FED307EAE5',
  ksMac: 'F1CB1F1FB5ADF208806B89DC579DC1F8',
  ssc: '887022120C06C226',
  selectEfCom: '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800',
  selectAnswer: '990290008E08FA855A5D4C50A8ED9000',
  readHead: '0CB000000D9701048E08ED6705417E96BA5500',
  readHeadAnswer: '8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000',
  readRest: '0CB000040D9701128E082EA28A70F3C7B53500',
  readRestAnswer: '871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000',
};

describe('ICAO 9303-11 Appendix D: key derivation', () => {
  it('computes the check digits and the MRZ information', () => {
    expect([checkDigit('L898902C<'), checkDigit('690806'), checkDigit('940623')]).toEqual([3, 1, 6]);
    expect(mrzInformation('L898902C', '690806', '940623')).toBe(D.mrzInfo);
  });

  it('derives Kseed, KEnc and KMAC (with DES parity)', () => {
    const seed = keySeed(D.mrzInfo);
    expect(hex(seed)).toBe(D.kSeed);
    expect(hex(deriveKey(seed, 1))).toBe(D.kEnc);
    expect(hex(deriveKey(seed, 2))).toBe(D.kMac);
    const keys = bacKeys('L898902C<', '690806', '940623');
    expect([hex(keys.kEnc), hex(keys.kMac)]).toEqual([D.kEnc, D.kMac]);
  });
});

describe('ICAO 9303-11 Appendix D: mutual authentication', () => {
  const keys = { kEnc: fromHex(D.kEnc), kMac: fromHex(D.kMac) };

  it('builds E_IFD and M_IFD', () => {
    expect(hex(externalAuthenticateData(keys, fromHex(D.rndIfd), fromHex(D.rndIc), fromHex(D.kIfd)))).toBe(
      D.eIfd + D.mIfd,
    );
  });

  it('answers as the chip does, and both sides reach the standard’s session keys and SSC', () => {
    const chip = answerExternalAuthenticate(keys, fromHex(D.rndIc), fromHex(D.kIc), fromHex(D.eIfd + D.mIfd));
    expect(chip && hex(chip.response)).toBe(D.chipAnswer);
    const session = sessionFrom(fromHex(D.kIfd), fromHex(D.kIc), fromHex(D.rndIc), fromHex(D.rndIfd));
    expect([hex(session.keys.ksEnc), hex(session.keys.ksMac), hex(session.ssc)]).toEqual([D.ksEnc, D.ksMac, D.ssc]);
  });

  it('refuses a cryptogram made with other keys', () => {
    const wrong = bacKeys('L898902C<', '690806', '940624');
    const data = externalAuthenticateData(wrong, fromHex(D.rndIfd), fromHex(D.rndIc), fromHex(D.kIfd));
    expect(answerExternalAuthenticate(keys, fromHex(D.rndIc), fromHex(D.kIc), data)).toBeUndefined();
  });

  it('runs BAC and reads EF.COM through a scripted chip, sending exactly the standard’s APDUs', async () => {
    const answers = ['4608F919887022129000', D.chipAnswer + '9000', D.selectAnswer, D.readHeadAnswer, D.readRestAnswer];
    const sent: string[] = [];
    const channel: ApduChannel = {
      transmit: async (apdu): Promise<CommandResult<Uint8Array, TransmitError>> => {
        sent.push(hex(apdu));
        return { ok: true, value: fromHex(answers.shift() ?? '6F00') };
      },
    };
    const bac = await performBac(channel, keys, { rndIfd: fromHex(D.rndIfd), kIfd: fromHex(D.kIfd) });
    if (!bac.ok) throw new Error(bac.error.detail);
    const sm = bac.value;
    expect(hex(sm.counter)).toBe(D.ssc);
    expect(sent).toEqual(['0084000008', '0082000028' + D.eIfd + D.mIfd + '28']);

    const transmit = async (command: Parameters<SecureMessaging['protectCommand']>[0]) => {
      const apdu = sm.protectCommand(command);
      const reply = await channel.transmit(apdu);
      if (!reply.ok) throw new Error('scripted channel failed');
      return sm.unprotectResponse(parseResponse(reply.value)!);
    };
    const select = await transmit({ cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') });
    expect(select).toMatchObject({ ok: true, value: { sw: 0x9000 } });
    const head = await transmit({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 4 });
    expect(head.ok && hex(head.value.data)).toBe('60145F01');
    const rest = await transmit({ cla: 0, ins: 0xb0, p1: 0, p2: 4, ne: 0x12 });
    expect(rest.ok && hex(rest.value.data)).toBe('04303130365F36063034303030305C026175');
    expect(sent.slice(2)).toEqual([D.selectEfCom, D.readHead, D.readRest]);
  });
});

describe('ICAO 9303-11 Appendix D: secure messaging on the chip’s side', () => {
  it('opens the standard’s protected commands and produces its protected responses', () => {
    const chip = new SecureMessaging({ ksEnc: fromHex(D.ksEnc), ksMac: fromHex(D.ksMac) }, fromHex(D.ssc));
    const select = chip.unprotectCommand(parseCommand(fromHex(D.selectEfCom))!);
    expect(select.ok && { ins: select.value.ins, data: hex(select.value.data!) }).toEqual({ ins: 0xa4, data: '011E' });
    expect(hex(chip.protectResponse(new Uint8Array(0), 0x9000))).toBe(D.selectAnswer);
    const head = chip.unprotectCommand(parseCommand(fromHex(D.readHead))!);
    expect(head.ok && head.value.ne).toBe(4);
    expect(hex(chip.protectResponse(fromHex('60145F01'), 0x9000))).toBe(D.readHeadAnswer);
    const rest = chip.unprotectCommand(parseCommand(fromHex(D.readRest))!);
    expect(rest.ok && [rest.value.p2, rest.value.ne]).toEqual([4, 0x12]);
    expect(hex(chip.protectResponse(fromHex('04303130365F36063034303030305C026175'), 0x9000))).toBe(D.readRestAnswer);
  });

  it('rejects a protected command whose MAC was altered (6988)', () => {
    const chip = new SecureMessaging({ ksEnc: fromHex(D.ksEnc), ksMac: fromHex(D.ksMac) }, fromHex(D.ssc));
    const tampered = fromHex(D.selectEfCom);
    tampered[tampered.length - 3]! ^= 0x01;
    expect(chip.unprotectCommand(parseCommand(tampered)!)).toMatchObject({
      ok: false,
      error: { failure: 'badMac', sw: 0x6988 },
    });
  });

  it('rejects a response replayed under the next counter value', () => {
    const reader = new SecureMessaging({ ksEnc: fromHex(D.ksEnc), ksMac: fromHex(D.ksMac) }, fromHex(D.ssc));
    reader.protectCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011E') });
    expect(reader.unprotectResponse(parseResponse(fromHex(D.selectAnswer))!).ok).toBe(true);
    reader.protectCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011E') });
    expect(reader.unprotectResponse(parseResponse(fromHex(D.selectAnswer))!)).toMatchObject({
      ok: false,
      error: { failure: 'badMac' },
    });
  });
});

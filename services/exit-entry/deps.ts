/**
 * What the endorsement flow needs: its settings (configuration `services.exitEntry` plus defaults
 * written once in launcher.ts), the kit, and the devices only it uses — the permit reader (an APDU
 * channel with card events), the OCR window, the card printer for the card's back — the trust
 * anchors of passive authentication, and the sealed scratch that keeps the chip's access key while a
 * write is in doubt.
 */
import type { X509Certificate } from 'node:crypto';
import type { CardPrintError, CardPrintOptions, CardSides } from '../../devices/card-printer/driver';
import type { ContactlessReader } from '../../devices/contactless/driver';
import type { OcrReader } from '../../devices/ocr-reader/driver';
import type { CommandResult } from '../../devices/types';
import type { KitDeps } from '../kit/deps';
import type { SealedScratch } from '../kit/sealed-scratch';
import type { ExitEntryConfig } from './config';

export interface ExitEntrySettings {
  enabled: boolean;
  offers: ExitEntryConfig['offers'];
  destinations: ExitEntryConfig['destinations'];
  fees: ExitEntryConfig['fees'];
  rules: ExitEntryConfig['rules'];
  /** The post's jurisdiction (what "local" means to the administration). */
  jurisdictionCode: string;
  maxReadAttempts: number;
  maxFaceAttempts: number;
  paymentTimeoutMs: number;
  paymentPollMs: number;
  /** How long the resident has to place the card again after it left during the write. */
  replaceMs: number;
  /** One APDU's time-out, and the whole chip read's. */
  apduTimeoutMs: number;
  chipReadTimeoutMs: number;
  cardBackTimeoutMs: number;
  /** Per-state time-outs (a resident walked away, a peer went silent). */
  timeouts: Record<
    'notice' | 'permit' | 'reading' | 'face' | 'faceCheck' | 'eligibility' | 'choose' | 'confirm' | 'payment' | 'exchange' | 'approving' | 'writing' | 'printing' | 'settle',
    number
  >;
}

/** The permit reader as the flow uses it: APDUs, the card's presence and its coming and going. */
export type PermitReaderPort = Pick<ContactlessReader, 'transmit' | 'status' | 'on'>;
/** The OCR window: a line read from the card's back, or a misread. */
export type OcrReaderPort = Pick<OcrReader, 'status' | 'on'>;
/** The card printer, for the back of the resident's own card (taken from the manual slot). */
export interface CardBackPrinterPort {
  printCard(sides: CardSides, options?: CardPrintOptions): Promise<CommandResult<void, CardPrintError>>;
}

export interface ExitEntryDeps {
  kit: KitDeps;
  settings: ExitEntrySettings;
  reader(): PermitReaderPort | undefined;
  ocrReader(): OcrReaderPort | undefined;
  cardPrinter(): CardBackPrinterPort | undefined;
  /** Country signing CAs the permits' document signers must chain to. */
  trustAnchors: readonly X509Certificate[];
  scratch: SealedScratch;
}

/** The scratch purpose under which the chip's access key waits while a write is in doubt. */
export const ACCESS_KEY = 'chip-access-key';
/** The journal receipt kind that keeps the approval (record and authorisation: nothing personal). */
export const SAVED_APPROVAL = 'endorsementApproval';
/** The journal receipt kind of the resident's receipt (masked, reprintable). */
export const RECEIPT_KIND = 'exitEntryReceipt';

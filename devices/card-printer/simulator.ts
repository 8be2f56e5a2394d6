/**
 * CardPrinterSimulator: the device end of a ByteLink, behaving like an Evolis-style card printer
 * in ACK/NACK mode. A real command parser (binary Db payloads split anywhere), state for the card
 * feeder, ribbon, cover, jams and power, and a record of every card printed (1-bit front/back
 * panels) that `renderCardPng` turns into a PNG.
 *
 * Sequence modelled: Pr;k · Pmi;a|m (insertion: feeder, or the card in the manual slot, e.g. a
 * resident's travel permit) · Ss · Si (take a card) · Sr (front) · Db;k;2;… ·
 * Sv (prints the front, flips to the back) · Db;k;2;… · Se (prints the current side, ejects).
 * Each printed side uses one ribbon print (monochrome ribbon). Queries: Rse (state words),
 * Rcr (ribbon prints left), Rfv, Rsn, Rtp, Rlr.
 */
import type { ByteLink } from '../link';
import { monoImagesToPng } from '../render/png';
import { PANEL_BYTES, panelBytesToDesign } from './bitmap';
import {
  ACK,
  CR,
  CardCommandParser,
  NACK,
  encodeSensorReply,
  nackChar,
  type CardCommand,
  type NackCode,
  type ProtocolOptions,
} from './protocol';

export interface PrintedCard {
  /** Packed 1-bit panels as received (648 x 1016, rows MSB-first); undefined = side not printed. */
  front: Uint8Array | undefined;
  back: Uint8Array | undefined;
  ribbonType: string;
  /** Set when the card was rejected instead of completed. */
  defect?: 'ribbonOut' | 'jam' | 'aborted';
  /** `manual`: the card came from the manual slot (a document the resident inserted), not the feeder. */
  source?: 'manual';
}

export interface CardPrinterSimulatorOptions extends ProtocolOptions {
  cards?: number;
  feederNearEmpty?: number;
  ribbon?: number;
  ribbonLow?: number;
  write?: (bytes: Uint8Array) => Promise<unknown>;
  model?: string;
  firmware?: string;
  serialNumber?: string;
  /** Called with every parsed command before it runs (dev dock, tests that act mid-card). Must not throw. */
  onCommand?: (command: CardCommand) => void;
}

const RIBBON_TYPES = new Set(['k', 'kr', 'ko', 'ymcko', 'ymckok', 'ymckk']);

/** The printer side of the wire, with controls for tests and the dev dock. */
export class CardPrinterSimulator {
  private readonly parser: CardCommandParser;
  private readonly write: (bytes: Uint8Array) => Promise<unknown>;
  private readonly unsubscribe: () => void;
  private replyChain: Promise<void> = Promise.resolve();
  private readonly feederNearEmpty: number;
  private readonly ribbonLow: number;
  private readonly info: { model: string; firmware: string; serialNumber: string };
  private readonly onCommand: ((command: CardCommand) => void) | undefined;

  private cards: number;
  private ribbon: number;
  private coverOpen = false;
  private jamArmed = false;
  private jammed = false;
  private powered = true;
  private ribbonType = 'k';
  /** Card insertion mode (Pmi): the feeder, or the manual slot (always holding the resident's card here). */
  private insertion: 'feeder' | 'manual' = 'feeder';
  private lastAnswer = '';

  private inSequence = false;
  private cardInside = false;
  private side: 'front' | 'back' | undefined;
  private pendingPanel: Uint8Array | undefined;
  private card: PrintedCard | undefined;
  private readonly printed: PrintedCard[] = [];

  constructor(
    private readonly link: ByteLink,
    options: CardPrinterSimulatorOptions = {},
  ) {
    this.parser = new CardCommandParser(options);
    this.write = options.write ?? ((bytes) => link.write(bytes));
    this.cards = options.cards ?? 100;
    this.feederNearEmpty = options.feederNearEmpty ?? 10;
    this.ribbon = options.ribbon ?? 500;
    this.ribbonLow = options.ribbonLow ?? 50;
    this.info = {
      model: options.model ?? 'Evolis-style simulator',
      firmware: options.firmware ?? 'SIM-1.0',
      serialNumber: options.serialNumber ?? 'SIM00000001',
    };
    this.onCommand = options.onCommand;
    this.unsubscribe = link.on('data', (chunk) => this.receive(chunk));
  }

  /** Opens the device end of the link. */
  async start(): Promise<void> {
    await this.link.open();
  }

  /** Stops listening to the link. */
  dispose(): void {
    this.unsubscribe();
  }

  // ---- controls ---------------------------------------------------------------------------------
  setCards(n: number): void {
    this.cards = Math.max(0, Math.floor(n));
  }
  setRibbon(n: number): void {
    this.ribbon = Math.max(0, Math.floor(n));
  }
  openCover(): void {
    this.coverOpen = true;
  }
  closeCover(): void {
    this.coverOpen = false;
  }
  /** The next card taken from the feeder jams. */
  jamNextCard(): void {
    this.jamArmed = true;
  }
  /** An operator removed the jammed card. */
  clearJam(): void {
    this.jammed = false;
    this.jamArmed = false;
    this.abortSequence();
  }
  /** Power/cable: while off the printer neither acts nor answers. */
  setPowered(on: boolean): void {
    this.powered = on;
  }

  /** Cards still in the feeder and ribbon prints left. */
  supplies(): { cards: number; ribbon: number } {
    return { cards: this.cards, ribbon: this.ribbon };
  }
  /** Every card that left the printer (completed or rejected). */
  cardsPrinted(): PrintedCard[] {
    return this.printed.map((c) => ({ ...c }));
  }

  // ---- wire --------------------------------------------------------------------------------------
  private receive(chunk: Buffer): void {
    if (!this.powered) return;
    let commands: CardCommand[];
    try {
      commands = this.parser.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch {
      commands = []; // the parser is written not to throw; never let a stream handler throw anyway
    }
    for (const command of commands) {
      try {
        this.onCommand?.(command);
      } catch {
        // a hook must not break the printer
      }
      this.execute(command);
    }
  }

  private reply(bytes: Uint8Array): void {
    this.replyChain = this.replyChain
      .then(() => this.write(bytes))
      .then(
        () => undefined,
        () => undefined,
      );
  }
  private ack(): void {
    this.lastAnswer = 'ACK';
    this.reply(Uint8Array.of(ACK));
  }
  private nack(code: Exclude<NackCode, 'unknown' | 'magnetic'>): void {
    this.lastAnswer = `NACK ${nackChar(code)}`;
    this.reply(Uint8Array.of(NACK, nackChar(code).charCodeAt(0)));
  }
  private text(value: string): void {
    this.lastAnswer = value;
    this.reply(Uint8Array.from([...Array.from(value, (c) => c.charCodeAt(0) & 0x7f), CR]));
  }

  private execute(command: CardCommand): void {
    if (command.kind === 'malformed') {
      this.nack('parameter');
      return;
    }
    if (command.kind === 'bitmap') {
      this.download(command.panel, command.data);
      return;
    }
    const [p0] = command.params;
    switch (command.name) {
      case 'Pcom':
      case 'Pem':
      case 'Scs':
      case 'Wt':
      case 'Wb':
        return this.ack();
      case 'Pr':
        if (!p0 || !RIBBON_TYPES.has(p0)) return this.nack('parameter');
        this.ribbonType = p0;
        return this.ack();
      case 'Pmi':
        if (p0 !== 'a' && p0 !== 'm' && p0 !== 'b') return this.nack('parameter');
        this.insertion = p0 === 'm' ? 'manual' : 'feeder';
        return this.ack();
      case 'Srs':
        this.abortSequence();
        return this.ack();
      case 'Ss':
        if (this.coverOpen) return this.nack('coverOpen');
        if (this.jammed) return this.nack('mechanical');
        if (this.ribbon <= 0) return this.nack('ribbon');
        this.abortSequence();
        this.inSequence = true;
        return this.ack();
      case 'Si':
        return this.insert();
      case 'Sr':
      case 'Sv':
        return this.selectSide(command.name === 'Sr' ? 'front' : 'back');
      case 'Se':
        return this.end();
      case 'Rse':
        return this.text(this.sensorText());
      case 'Rcr':
        return this.text(String(this.ribbon));
      case 'Rfv':
        return this.text(this.info.firmware);
      case 'Rsn':
        return this.text(this.info.serialNumber);
      case 'Rtp':
        return this.text(this.info.model);
      case 'Rlr':
        return this.text(this.lastAnswer || 'NONE');
      default:
        return this.nack('command');
    }
  }

  private sensorText(): string {
    return encodeSensorReply({
      coverOpen: this.coverOpen,
      feederEmpty: this.cards === 0,
      feederNearEmpty: this.cards > 0 && this.cards <= this.feederNearEmpty,
      ribbonEnded: this.ribbon === 0,
      ribbonLow: this.ribbon > 0 && this.ribbon <= this.ribbonLow,
      noRibbon: false,
      mechanicalError: this.jammed,
    });
  }

  private insert(): void {
    if (!this.inSequence || this.cardInside) return this.nack('command');
    if (this.coverOpen) return this.nack('coverOpen');
    const manual = this.insertion === 'manual';
    if (!manual) {
      if (this.cards === 0) return this.nack('feederEmpty');
      this.cards--;
    }
    if (this.jamArmed) {
      this.jamArmed = false;
      this.jammed = true;
      this.printed.push({ front: undefined, back: undefined, ribbonType: this.ribbonType, defect: 'jam' });
      this.inSequence = false;
      return this.nack('mechanical');
    }
    this.cardInside = true;
    this.card = { front: undefined, back: undefined, ribbonType: this.ribbonType, ...(manual ? { source: 'manual' as const } : {}) };
    this.ack();
  }

  private selectSide(side: 'front' | 'back'): void {
    if (!this.cardInside) return this.nack('command');
    if (this.coverOpen) return this.nack('coverOpen');
    if (this.jammed) return this.nack('mechanical');
    if (!this.printPendingSide()) return this.nack('ribbon');
    this.side = side;
    this.ack();
  }

  private download(_panel: string, data: Uint8Array): void {
    if (!this.cardInside || !this.side) return this.nack('command');
    if (data.length !== PANEL_BYTES) return this.nack('parameter');
    this.pendingPanel = data;
    this.ack();
  }

  private end(): void {
    if (!this.cardInside) return this.nack('command');
    if (this.coverOpen) return this.nack('coverOpen');
    if (!this.printPendingSide()) return this.nack('ribbon');
    if (this.card) this.printed.push(this.card);
    this.card = undefined;
    this.cardInside = false;
    this.inSequence = false;
    this.side = undefined;
    this.ack();
  }

  /** Prints the downloaded panel on the current side; false (card rejected) if the ribbon is used up. */
  private printPendingSide(): boolean {
    if (!this.pendingPanel || !this.side || !this.card) return true;
    if (this.ribbon <= 0) {
      this.card.defect = 'ribbonOut';
      this.printed.push(this.card);
      this.card = undefined;
      this.abortSequence();
      return false;
    }
    this.ribbon--;
    this.card[this.side] = this.pendingPanel;
    this.pendingPanel = undefined;
    return true;
  }

  /** Ends the sequence; a card still inside is rejected (recorded with what was printed on it). */
  private abortSequence(): void {
    if (this.card) this.printed.push({ ...this.card, defect: this.card.defect ?? 'aborted' });
    this.inSequence = false;
    this.cardInside = false;
    this.side = undefined;
    this.pendingPanel = undefined;
    this.card = undefined;
  }
}

/** Front and back of a printed card side by side (as read, landscape), as a PNG. */
export function renderCardPng(card: PrintedCard): Buffer {
  const blank = new Uint8Array(PANEL_BYTES);
  return monoImagesToPng([panelBytesToDesign(card.front ?? blank), panelBytesToDesign(card.back ?? blank)], 24);
}

/**
 * PermitField: the simulated reader's RF field. A permit is placed (its chip powers up) or removed
 * (its RAM state is lost); the dev dock and tests can also arm "remove the card in the middle of the
 * next endorsement write", before or after the chip commits. The chip behind the field is reached
 * either in-process (MemoryPcscTransport) or through pcscd via vpcd (VpcdCard).
 */
import { Emitter } from '../shared/emitter';
import { PermitChip } from './chip';
import { type PermitCard, permitFixture, type PermitFixtureName } from './fixtures';
import { testPki } from './pki';

export type RemovalPhase = 'beforeCommit' | 'afterCommit';

interface FieldEvents {
  placed: (chip: PermitChip) => void;
  removed: () => void;
}

export class PermitField {
  private readonly listeners = new Emitter<FieldEvents>();
  private current: PermitChip | undefined;
  private armed: RemovalPhase | undefined;
  /** The fixture cards handed out so far, by name (each is one physical card). */
  private readonly wallet = new Map<PermitFixtureName, PermitCard>();
  private readonly issuerKey = testPki().endorsementIssuer.publicKey;

  on<K extends keyof FieldEvents>(name: K, listener: FieldEvents[K]): () => void {
    return this.listeners.on(name, listener);
  }

  get chip(): PermitChip | undefined {
    return this.current;
  }

  /**
   * Places a permit (a fixture name or a card); an earlier one is removed first. A fixture placed
   * again by name is the same physical card: its chip keeps what was written to it (an endorsement
   * committed before the card was taken away is there when it comes back).
   */
  place(card: PermitFixtureName | PermitCard): PermitChip {
    if (this.current) this.remove();
    const permit = typeof card === 'string' ? this.cardNamed(card) : card;
    const chip = new PermitChip(permit, this.issuerKey, {
      beforeCommit: () => this.fire('beforeCommit'),
      afterCommit: () => this.fire('afterCommit'),
    });
    this.current = chip;
    this.listeners.emit('placed', chip);
    return chip;
  }

  private cardNamed(name: PermitFixtureName): PermitCard {
    let card = this.wallet.get(name);
    if (!card) this.wallet.set(name, (card = permitFixture(name)));
    return card;
  }

  remove(): void {
    if (!this.current) return;
    this.current.reset();
    this.current = undefined;
    this.listeners.emit('removed');
  }

  /** The next endorsement write loses the card at `phase` (the flow must read back to know the outcome). */
  armRemovalDuringWrite(phase: RemovalPhase = 'beforeCommit'): void {
    this.armed = phase;
  }

  private fire(phase: RemovalPhase): 'removed' | void {
    if (this.armed !== phase) return;
    this.armed = undefined;
    // Removal happens after the chip's current step returns, like a card leaving mid-answer.
    queueMicrotask(() => this.remove());
    return 'removed';
  }
}

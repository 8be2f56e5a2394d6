/**
 * ReplyDevice: a LinkDevice that asks and is answered (the ID reader, the receipt and card
 * printers). Its framer turns bytes into frames and its ReplyMatcher pairs replies with requests;
 * a lost link fails every request with `offline` and writes owed replies off (a new connection owes
 * nothing); stop() ends them with `canceled`.
 */
import type { ByteLink } from '../link';
import type { DeviceEvent, DeviceKind, StatusOf } from '../types';
import type { Framer } from './framer';
import { LinkDevice, type LinkDeviceOptions } from './link-device';
import { ReplyMatcher, type ReplyMatcherOptions } from './reply-matcher';

export abstract class ReplyDevice<K extends DeviceKind, E extends DeviceEvent, F, R> extends LinkDevice<K, E> {
  protected readonly replies: ReplyMatcher<R>;

  protected constructor(
    link: ByteLink,
    initial: StatusOf<K>,
    options: LinkDeviceOptions & ReplyMatcherOptions,
    protected readonly framer: Framer<F>,
  ) {
    super(link, initial, options);
    this.replies = new ReplyMatcher(link, options);
    framer.onFrame((frame) => this.onFrame(frame));
  }

  /** One frame from the device: a reply for `replies`, or unsolicited news. */
  protected abstract onFrame(frame: F): void;

  /** The link was lost (its requests have failed already): report it. */
  protected abstract onLinkLost(error?: Error): void;

  protected override onData(chunk: Buffer): void {
    this.replies.activity();
    this.framer.write(chunk);
  }

  protected override onLinkClose(error?: Error): void {
    this.framer.reset();
    this.replies.forgetOwed();
    this.replies.failAll('offline');
    this.onLinkLost(error);
  }

  protected override cancelPending(): void {
    this.replies.failAll('canceled');
  }
}

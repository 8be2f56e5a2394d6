/**
 * One synthesis at a time (the kiosk has two cores and one of them runs the UI). A screen's request
 * goes before any background pre-rendering, and a newer screen request replaces an older one that
 * has not started yet: only the screen the resident sees now is worth speaking.
 */
export const SUPERSEDED = Symbol('superseded');

type Priority = 'interactive' | 'background';

interface Waiting {
  priority: Priority;
  run: () => Promise<void>;
  drop: () => void;
}

export class SynthesisQueue {
  private busy = false;
  private readonly waiting: Waiting[] = [];

  run<T>(job: () => Promise<T>, priority: Priority): Promise<T | typeof SUPERSEDED> {
    return new Promise((resolve, reject) => {
      if (priority === 'interactive') {
        for (const older of this.waiting.filter((entry) => entry.priority === 'interactive')) {
          this.waiting.splice(this.waiting.indexOf(older), 1);
          older.drop();
        }
      }
      const entry: Waiting = {
        priority,
        run: () => job().then(resolve, reject),
        drop: () => resolve(SUPERSEDED),
      };
      // Interactive work goes ahead of every background job still waiting.
      const firstBackground = this.waiting.findIndex((other) => other.priority === 'background');
      if (priority === 'interactive' && firstBackground >= 0) this.waiting.splice(firstBackground, 0, entry);
      else this.waiting.push(entry);
      this.next();
    });
  }

  /** True while a screen's request waits or runs; background work holds back meanwhile. */
  get idle(): boolean {
    return !this.busy && this.waiting.length === 0;
  }

  /** Drops everything still waiting (shutdown). */
  clear(): void {
    for (const entry of this.waiting.splice(0)) entry.drop();
  }

  private next(): void {
    if (this.busy) return;
    const entry = this.waiting.shift();
    if (!entry) return;
    this.busy = true;
    void entry.run().finally(() => {
      this.busy = false;
      this.next();
    });
  }
}

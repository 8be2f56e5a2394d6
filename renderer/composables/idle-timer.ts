/**
 * The idle policy as a small state machine, independent of Vue so it can be tested with fake
 * timers: `active` → (idleSeconds without activity) → `prompt` counting down → `expired`.
 */
export type IdlePhase = 'active' | 'prompt' | 'expired';

export interface IdleTimerOptions {
  idleSeconds: number;
  countdownSeconds: number;
  onChange: (phase: IdlePhase, secondsLeft: number) => void;
}

export class IdleTimer {
  private phase: IdlePhase = 'active';
  private secondsLeft = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private tick: ReturnType<typeof setInterval> | undefined;
  private running = false;

  constructor(private options: IdleTimerOptions) {}

  get current(): { phase: IdlePhase; secondsLeft: number } {
    return { phase: this.phase, secondsLeft: this.secondsLeft };
  }

  /** Starts watching; call `activity()` on every touch or key. */
  start(): void {
    this.running = true;
    this.toActive();
  }

  stop(): void {
    this.running = false;
    this.clear();
    this.phase = 'active';
  }

  /** A touch while active restarts the wait; while the prompt shows, only `keepGoing()` dismisses it. */
  activity(): void {
    if (this.running && this.phase === 'active') this.armIdle();
  }

  keepGoing(): void {
    if (this.running) this.toActive();
  }

  configure(idleSeconds: number, countdownSeconds: number): void {
    this.options = { ...this.options, idleSeconds, countdownSeconds };
    if (this.running && this.phase === 'active') this.armIdle();
  }

  private toActive(): void {
    this.clear();
    this.set('active', 0);
    this.armIdle();
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.toPrompt(), this.options.idleSeconds * 1000);
  }

  private toPrompt(): void {
    this.clear();
    this.set('prompt', this.options.countdownSeconds);
    this.tick = setInterval(() => {
      const left = this.secondsLeft - 1;
      if (left > 0) return this.set('prompt', left);
      this.clear();
      this.running = false;
      this.set('expired', 0);
    }, 1000);
  }

  private set(phase: IdlePhase, secondsLeft: number): void {
    this.phase = phase;
    this.secondsLeft = secondsLeft;
    this.options.onChange(phase, secondsLeft);
  }

  private clear(): void {
    clearTimeout(this.idleTimer);
    clearInterval(this.tick);
    this.idleTimer = undefined;
    this.tick = undefined;
  }
}

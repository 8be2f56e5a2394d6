/**
 * JobQueue: runs async jobs one after another, in submission order, so two documents (or two APDU
 * exchanges) never interleave on one device. A job that throws does not stop the ones after it.
 */
export class JobQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private running = 0;

  /** Queues `job`; resolves with its result once every earlier job has finished. */
  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(async () => {
      this.running++;
      try {
        return await job();
      } finally {
        this.running--;
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** True while a job is executing. */
  get busy(): boolean {
    return this.running > 0;
  }
}

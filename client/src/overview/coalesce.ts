/**
 * How the overview asks for its page: at most one request in flight; asks
 * that come while one runs are folded into one more after it. A burst of
 * changes so costs two pages, not one per change, and the last page always
 * reflects the last change. Pure (no vscode), so a unit test can drive it.
 */
export class Coalescer {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly task: () => Promise<void>) {}

  /** Runs the task now, or once more after the run in flight. */
  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.task()
      .catch(() => undefined)
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.request();
        }
      });
  }

  /** Resolves when nothing is in flight or waiting (for tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** No more runs (the panel closed). */
  stop(): void {
    this.stopped = true;
    this.again = false;
  }
}

/**
 * Per-key debounced work queue. Keys (document URIs) wait out their delay, then run one at a
 * time, each on its own turn of the event loop (setImmediate), so incoming messages keep being
 * read between runs and one slow document never blocks the others for more than its own run.
 */
export class WorkQueue {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly ready = new Set<string>();
  private running = false;
  private disposed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly run: (key: string) => Promise<void> | void,
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  /** Runs `key` after `delayMs`; scheduling it again before then restarts the delay. */
  schedule(key: string, delayMs: number): void {
    if (this.disposed) return;
    this.clearTimer(key);
    if (delayMs <= 0) {
      this.enqueue(key);
      return;
    }
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.enqueue(key);
      }, delayMs),
    );
  }

  /** Forgets pending work for `key` (a run already in progress finishes; its caller checks versions). */
  cancel(key: string): void {
    this.clearTimer(key);
    this.ready.delete(key);
    this.settleIdle();
  }

  isPending(key: string): boolean {
    return this.timers.has(key) || this.ready.has(key);
  }

  /** Resolves once nothing is waiting or running. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.ready.clear();
    this.settleIdle();
  }

  private isIdle(): boolean {
    return !this.running && this.timers.size === 0 && this.ready.size === 0;
  }

  private settleIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private clearTimer(key: string): void {
    const t = this.timers.get(key);
    if (t) {
      clearTimeout(t);
      this.timers.delete(key);
    }
  }

  private enqueue(key: string): void {
    this.ready.add(key);
    this.pump();
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const next = this.ready.values().next();
    if (next.done) {
      this.settleIdle();
      return;
    }
    this.running = true;
    setImmediate(() => {
      const key = next.value;
      // The key may have been cancelled while waiting for this turn.
      if (!this.ready.delete(key)) {
        this.running = false;
        this.pump();
        return;
      }
      let p: Promise<void>;
      try {
        p = Promise.resolve(this.run(key));
      } catch (e) {
        p = Promise.reject(e);
      }
      p.catch((e: unknown) => {
        try {
          this.onError(key, e);
        } catch {
          // an error reporter that throws must not stop the queue
        }
      }).finally(() => {
        this.running = false;
        this.pump();
      });
    });
  }
}

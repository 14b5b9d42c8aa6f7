/**
 * The progress line on stderr: only for a terminal, only once the scan is long (more than a
 * second, or more than 200 files), redrawn at most every 100 ms and erased at the end.
 */
export interface ProgressStream {
  isTTY?: boolean;
  write(s: string): unknown;
}

export const PROGRESS_AFTER_MS = 1000;
export const PROGRESS_AFTER_FILES = 200;

export class Progress {
  private readonly start: number;
  private lastDraw = 0;
  private shown = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly enabled: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.start = now();
  }

  update(done: number, total: number): void {
    if (!this.enabled || !this.stream.isTTY) return;
    const t = this.now();
    if (t - this.start < PROGRESS_AFTER_MS && total <= PROGRESS_AFTER_FILES) return;
    if (this.shown && t - this.lastDraw < 100 && done < total) return;
    this.lastDraw = t;
    this.shown = true;
    this.stream.write(`\r\x1b[2Kawsdp: analysing ${done}/${total} files…`);
  }

  /** Erases the line if it was drawn. */
  end(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}

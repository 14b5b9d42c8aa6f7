import type { Notice } from './types';

/**
 * The time budget of one analysis (one file, or one Terraform module's rules). Parsers look at
 * `deadline` while they work (tree-sitter's progress callback, the YAML lexer loop); the engine
 * looks at `expired()` between its stages and between rules, and skips what is left with a
 * notice. Monotonic clock: `performance.now()`.
 */
export class Budget {
  readonly start: number;

  constructor(
    /** The budget in milliseconds. */
    readonly ms: number,
    start = performance.now(),
  ) {
    this.start = start;
  }

  get deadline(): number {
    return this.start + this.ms;
  }

  expired(): boolean {
    return performance.now() > this.deadline;
  }

  elapsed(): number {
    return Math.round(performance.now() - this.start);
  }

  /** `analysis stopped after N ms: <what> (time budget B ms)`. */
  notice(file: string, what: string): Notice {
    return { file, kind: 'limit', message: `analysis stopped after ${this.elapsed()} ms: ${what} (time budget ${this.ms} ms)`, timedOut: true };
  }
}

/**
 * Thrown by a parser given a deadline (`parseJson` with `deadline`) when the deadline passed midway:
 * the caller turns it into its "analysis stopped" notice. Parsers look at the clock every few
 * thousand steps, so the overrun is bounded by that much work.
 */
export class DeadlinePassed extends Error {
  constructor() {
    super('the time budget was used up');
  }
}

/**
 * What the client does when the language server dies: restart it, up to `maxRestarts` times in
 * `windowMs`, and tell the user once, not once per crash. No VS Code import: unit tested on its own
 * (server/src/test/client-restart.test.ts), wired into the LanguageClient's errorHandler in
 * extension.ts.
 */

export interface CloseDecision {
  /** Restart the server, or leave it stopped. */
  action: 'restart' | 'stop';
  /** The one notification to show for this crash, if any (the rest go to the output channel only). */
  notify?: { level: 'info' | 'error'; message: string };
  /** Line for the output channel. */
  log: string;
}

export interface ErrorDecision {
  action: 'continue' | 'shutdown';
  log: string;
}

export interface RestartPolicyOptions {
  maxRestarts?: number;
  windowMs?: number;
  now?: () => number;
}

export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;
/** Consecutive connection errors tolerated before the connection is shut down. */
export const MAX_CONNECTION_ERRORS = 3;

export class RestartPolicy {
  private crashes: number[] = [];
  /** Whether the user was told about the current run of crashes already. */
  private notified = false;
  private readonly maxRestarts: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(opts: RestartPolicyOptions = {}) {
    this.maxRestarts = opts.maxRestarts ?? MAX_RESTARTS;
    this.windowMs = opts.windowMs ?? RESTART_WINDOW_MS;
    this.now = opts.now ?? Date.now;
  }

  /** The connection to the server closed without being asked to. */
  closed(): CloseDecision {
    const t = this.now();
    this.crashes = this.crashes.filter((c) => t - c < this.windowMs);
    // A quiet spell ends a run of crashes: the next crash is news again.
    if (this.crashes.length === 0) this.notified = false;
    this.crashes.push(t);
    const n = this.crashes.length;
    const minutes = Math.round(this.windowMs / 60_000);
    if (n > this.maxRestarts) {
      return {
        action: 'stop',
        notify: { level: 'error', message: `The awsdp language server stopped ${n} times in ${minutes} minutes and will not be restarted. Run "AWS Data Protection: Restart Language Server" to try again; see the output for details.` },
        log: `the language server stopped (${n} times in ${minutes} minutes): not restarting it`,
      };
    }
    const notify = this.notified ? undefined : { level: 'info' as const, message: 'The awsdp language server stopped unexpectedly and was restarted. See the output for details.' };
    this.notified = true;
    return { action: 'restart', notify, log: `the language server stopped (${n} in ${minutes} minutes): restarting it` };
  }

  /** An error on the connection (a message could not be read or written). */
  error(count: number | undefined): ErrorDecision {
    if (count !== undefined && count <= MAX_CONNECTION_ERRORS) return { action: 'continue', log: `connection error ${count}: continuing` };
    return { action: 'shutdown', log: `connection error ${count ?? '?'}: shutting the connection down` };
  }

  /** The user restarted the server: crashes before now no longer count. */
  reset(): void {
    this.crashes = [];
    this.notified = false;
  }
}

/**
 * What the handlers share: the connection, the open documents, the configuration, the engine
 * (once started) and the work queue. One object per server; handlers get it at construction.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_BUDGET_MS, fileBudgetMs, maskPath, redactSecrets, type Engine } from '../engine/index';
import type { ConfigStore } from './configs';

/**
 * Debounce after an edit; a newly opened document is analysed at once. A client may set another
 * with `initializationOptions.changeDelayMs` (0–10000; the benchmark uses 0), and the server says
 * which one it uses in `capabilities.experimental.awsdp.changeDelayMs`.
 */
export const CHANGE_DELAY_MS = 150;
export const MAX_CHANGE_DELAY_MS = 10_000;

/**
 * An open document whose analysis the time budget stopped (a busy machine, a very large file) is
 * analysed again by itself, this long after each stop (then no more until it changes). The
 * environment variable AWSDP_RETRY_DELAYS_MS (comma-separated milliseconds) sets others.
 */
export const RETRY_DELAYS_MS: readonly number[] = [1000, 4000];

/** AWSDP_RETRY_DELAYS_MS, read as RETRY_DELAYS_MS (a malformed value: the default). */
export function retryDelaysMs(env: Record<string, string | undefined>): readonly number[] {
  const raw = env.AWSDP_RETRY_DELAYS_MS;
  if (raw === undefined) return RETRY_DELAYS_MS;
  const v = raw.trim() === '' ? [] : raw.split(',').map((x) => Number(x.trim()));
  return v.length <= 10 && v.every((x) => Number.isFinite(x) && x >= 0 && x <= 600_000) ? v : RETRY_DELAYS_MS;
}

export interface ServerOptions {
  /** Folder holding the tree-sitter wasm files (dist/ in the bundle). */
  wasmDir?: string;
  changeDelayMs?: number;
  /** For the first log line: the package version and the transport (stdio, node-ipc, socket, pipe). */
  version?: string;
  transport?: string;
  /** For tests: how to create the engine. */
  createEngine?: () => Promise<Engine>;
}

/** What the client said it supports (from `initialize`). */
export interface ClientSupport {
  configuration: boolean;
  watchedFilesDynamic: boolean;
  configurationDynamic: boolean;
  workspaceFolders: boolean;
  /** workspace/applyEdit (suppress). */
  applyEdit: boolean;
  /** window/showDocument (rule documentation). */
  showDocument: boolean;
  /** window/workDoneProgress (workspace scan progress). */
  workDoneProgress: boolean;
}

/** An error for the log: its stack, with anything credential-shaped masked (an exception may quote a file). */
export function errorText(e: unknown): string {
  return redactSecrets(e instanceof Error ? (e.stack ?? e.message) : String(e));
}

export class ServerContext {
  support: ClientSupport = { configuration: false, watchedFilesDynamic: false, configurationDynamic: false, workspaceFolders: false, applyEdit: false, showDocument: false, workDoneProgress: false };
  changeDelay: number;
  /** Time budget of one analysis: DEFAULT_BUDGET_MS, or AWSDP_FILE_BUDGET_MS (as in the CLI). */
  readonly budgetMs = fileBudgetMs(process.env, DEFAULT_BUDGET_MS);
  /** When a document the budget stopped is analysed again (RETRY_DELAYS_MS). */
  readonly retryDelays = retryDelaysMs(process.env);
  engine?: Engine;
  /** Resolves once the engine started (undefined if it failed to). */
  engineReady: Promise<Engine | undefined> = Promise.resolve(undefined);
  /** Resolves once the configuration files were first read. */
  configReady: Promise<void> = Promise.resolve();

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    readonly configs: ConfigStore,
    readonly options: ServerOptions,
  ) {
    this.changeDelay = options.changeDelayMs ?? CHANGE_DELAY_MS;
  }

  logError(what: string, e: unknown): void {
    try {
      this.connection.console.error(`awsdp: ${maskPath(what)}: ${errorText(e)}`);
    } catch {
      // the connection is gone; nothing left to tell
    }
  }

  /** Wraps a notification handler: an exception is logged, never fatal. */
  guard<A extends unknown[]>(name: string, fn: (...args: A) => void | Promise<void>): (...args: A) => void {
    return (...args: A) => {
      try {
        const r = fn(...args);
        if (r) r.catch((e: unknown) => this.logError(`${name} failed`, e));
      } catch (e) {
        this.logError(`${name} failed`, e);
      }
    };
  }

  /** Wraps a request handler: an exception is logged and answered with `fallback`. */
  guardRequest<P, R>(name: string, fallback: R, fn: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
      try {
        return await fn(params);
      } catch (e) {
        this.logError(`${name} failed`, e);
        return fallback;
      }
    };
  }
}

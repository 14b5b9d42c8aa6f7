/**
 * A plain LSP client for the server tests: spawns `node dist/server.js --stdio` and speaks
 * JSON-RPC over the child's stdio. Nothing VS Code specific, so it shows any client works.
 * Every wait is bounded and driven by messages, never by sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ApplyWorkspaceEditRequest,
  ConfigurationRequest,
  ShowDocumentRequest,
  WorkDoneProgressCreateRequest,
  type ApplyWorkspaceEditParams,
  type ProgressToken,
  type ShowDocumentParams,
  createMessageConnection,
  ErrorCodes,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ResponseError,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type Registration,
  type ShowMessageParams,
} from 'vscode-languageserver/node';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');

/** What a minimal client (no workspace/configuration, no dynamic registration) declares. */
export const PLAIN_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    synchronization: { didSave: true },
    publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
  },
};

/** A client like VS Code's: pulls settings, lets the server register file watchers. */
export const RICH_CAPABILITIES: ClientCapabilities = {
  ...PLAIN_CAPABILITIES,
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
  },
};

interface Waiter<T> {
  pred: (v: T) => boolean;
  resolve: (v: T) => void;
}

export interface StartOptions {
  rootDir: string;
  capabilities?: ClientCapabilities;
  /** Answers workspace/configuration (one value per item; the item says which section). */
  settings?: (item: { scopeUri?: string; section?: string }) => unknown;
  initializationOptions?: unknown;
  /** A command that runs node in another setting, e.g. `['unshare', '-n']` (no network). */
  launcher?: string[];
  /** More workspace folders after rootDir (multi-root). */
  extraFolders?: string[];
  /** The server's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** RICH_CAPABILITIES plus workspace/applyEdit, window/showDocument and work-done progress (the client answers them). */
export const EDITOR_CAPABILITIES: ClientCapabilities = {
  ...RICH_CAPABILITIES,
  workspace: { ...RICH_CAPABILITIES.workspace, applyEdit: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
  window: { workDoneProgress: true, showDocument: { support: true } },
};

export class TestClient {
  /** workspace/applyEdit requests received (answered `applied: true`) when the client declares applyEdit. */
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  /** window/showDocument requests (answered `success: true`). */
  readonly shownDocuments: ShowDocumentParams[] = [];
  /** $/progress notifications by token, and the tokens created by window/workDoneProgress/create. */
  readonly progress: { token: ProgressToken; value: unknown }[] = [];
  readonly progressTokens: ProgressToken[] = [];
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly shown: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  readonly registrations: Registration[] = [];
  /** Notifications other than diagnostics, messages and logs (e.g. `telemetry/event`: there must be none). */
  readonly otherNotifications: string[] = [];
  /** Server-to-client requests this client has no handler for (a plain client must get none). */
  readonly unexpectedRequests: string[] = [];
  stderr = '';
  initializeResult?: InitializeResult;
  private readonly diagWaiters: Waiter<PublishDiagnosticsParams>[] = [];
  private readonly messageWaiters: Waiter<ShowMessageParams>[] = [];
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
  ) {
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.settle(this.diagWaiters, p);
    });
    conn.onNotification(ShowMessageNotification.type, (p) => {
      this.shown.push(p);
      this.settle(this.messageWaiters, p);
    });
    conn.onNotification((method: string) => {
      this.otherNotifications.push(method);
    });
    conn.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
    });
    conn.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(...p.registrations);
    });
    conn.onRequest((method) => {
      this.unexpectedRequests.push(method);
      return new ResponseError(ErrorCodes.MethodNotFound, `test client does not handle ${method}`);
    });
  }

  static async start(opts: StartOptions): Promise<TestClient> {
    if (!existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run "node scripts/build.mjs" first`);
    const [command, ...prefix] = [...(opts.launcher ?? []), process.execPath];
    const proc = spawn(command, [...prefix, SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new TestClient(proc, conn);
    const caps = opts.capabilities ?? PLAIN_CAPABILITIES;
    if (caps.workspace?.applyEdit) {
      conn.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
        client.appliedEdits.push(p);
        return { applied: true };
      });
    }
    if (caps.window?.showDocument?.support) {
      conn.onRequest(ShowDocumentRequest.type, (p) => {
        client.shownDocuments.push(p);
        return { success: true };
      });
    }
    if (caps.window?.workDoneProgress) {
      conn.onRequest(WorkDoneProgressCreateRequest.type, (p) => {
        client.progressTokens.push(p.token);
      });
      // vscode-jsonrpc hands $/progress for tokens it has no handler for to onUnhandledProgress.
      conn.onUnhandledProgress((p) => {
        client.progress.push(p);
      });
    }
    if (opts.settings) {
      const settings = opts.settings;
      conn.onRequest(ConfigurationRequest.type, (p) => p.items.map((item) => settings(item)));
    }
    conn.listen();
    const rootUri = pathToUri(opts.rootDir);
    client.initializeResult = await withTimeout(
      conn.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri,
        workspaceFolders: [opts.rootDir, ...(opts.extraFolders ?? [])].map((d) => ({ uri: pathToUri(d), name: path.basename(d) })),
        capabilities: opts.capabilities ?? PLAIN_CAPABILITIES,
        initializationOptions: opts.initializationOptions,
      }),
      PROTOCOL_WAIT_MS,
      () => `no initialize response; stderr: ${client.stderr}`,
    );
    await conn.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private settle<T>(waiters: Waiter<T>[], v: T): void {
    for (const w of [...waiters]) {
      if (w.pred(v)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(v);
      }
    }
  }

  /**
   * The first publish for `uri` matching `pred`: the latest one already received if it matches
   * (with `includePast`), else the next one that arrives.
   */
  diagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, opts: { includePast?: boolean; timeoutMs?: number } = {}): Promise<PublishDiagnosticsParams> {
    const match = (p: PublishDiagnosticsParams) => p.uri === uri && pred(p);
    if (opts.includePast !== false) {
      const last = [...this.published].reverse().find((p) => p.uri === uri);
      if (last && match(last)) return Promise.resolve(last);
    }
    return withTimeout(
      new Promise<PublishDiagnosticsParams>((resolve) => this.diagWaiters.push({ pred: match, resolve })),
      opts.timeoutMs ?? PROTOCOL_WAIT_MS,
      () => `no matching diagnostics for ${uri}; received: ${JSON.stringify(this.published.filter((p) => p.uri === uri), null, 1)}; stderr: ${this.stderr}; log: ${this.logs.join('\n')}`,
    );
  }

  /** Diagnostics published for exactly this version of the document. */
  diagnosticsFor(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.diagnostics(uri, (p) => p.version === version);
  }

  message(pred: (m: ShowMessageParams) => boolean, timeoutMs = PROTOCOL_WAIT_MS): Promise<ShowMessageParams> {
    const seen = this.shown.find(pred);
    if (seen) return Promise.resolve(seen);
    return withTimeout(
      new Promise<ShowMessageParams>((resolve) => this.messageWaiters.push({ pred, resolve })),
      timeoutMs,
      () => `no matching window/showMessage; received: ${JSON.stringify(this.shown)}`,
    );
  }

  /** shutdown + exit; resolves with the server's exit code. */
  async stop(): Promise<number | null> {
    if (this.proc.exitCode !== null) return this.proc.exitCode;
    await withTimeout(this.conn.sendRequest(ShutdownRequest.type), PROTOCOL_WAIT_MS, () => 'no shutdown response');
    await this.conn.sendNotification(ExitNotification.type);
    const code = await withTimeout(this.exited, PROTOCOL_WAIT_MS, () => 'server did not exit');
    this.conn.dispose();
    return code;
  }

  /** Last resort in `after` hooks: never leave a server process behind. */
  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill();
    this.conn.dispose();
  }
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).href;
}

/**
 * How long a protocol wait may take before the test fails: generous, because a busy 2-core
 * machine (CI, other work) can stall a server for seconds; the runner's own limit is 120 s per test.
 * Waits end as soon as the awaited message arrives, so a passing run never waits this long.
 */
export const PROTOCOL_WAIT_MS = 60_000;

export function withTimeout<T>(p: Promise<T>, ms: number, describe: () => string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${describe()}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Writes `text` to `rel` under `root` (folders made as needed); returns the file's path. */
export function writeFileAt(root: string, rel: string, text: string): string {
  const p = path.join(root, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
}

/**
 * LSP wiring only: documents in, diagnostics and quick fixes out. All analysis is the engine's;
 * the conversion to LSP types is convert.ts. Nothing here is specific to one editor.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createEngine, redactSecrets, resolveConfig, sanitizeMessage, type Engine, type FileResult, type Finding, type ParseHandle } from '../engine/index';
import { ConfigStore, type Folder } from './configs';
import { codeActionsFor, findingToDiagnostic, noticesToDiagnostics, type FileResolver } from './convert';
import { ModuleFiles } from './modules';
import { isTerraformPath, pathToUri, uriToPath } from './paths';
import { WorkQueue } from './queue';

/**
 * Debounce after an edit; a newly opened document is analysed at once. A client may set another
 * with `initializationOptions.changeDelayMs` (0–10000; the benchmark uses 0), and the server says
 * which one it uses in `capabilities.experimental.awsdp.changeDelayMs`.
 */
export const CHANGE_DELAY_MS = 150;
const MAX_CHANGE_DELAY_MS = 10_000;

/** A client that never answers workspace/configuration must not stall validation. */
const SETTINGS_TIMEOUT_MS = 5000;

/** File watchers the server asks for when the client lets it register them. */
export const WATCHED_GLOBS = ['**/.awsdp.{yaml,yml}', '**/*.tf', '**/*.tf.json'];

export interface ServerOptions {
  /** Folder holding the tree-sitter wasm files (dist/ in the bundle). */
  wasmDir?: string;
  changeDelayMs?: number;
  /** For tests: how to create the engine. */
  createEngine?: () => Promise<Engine>;
}

/** The result of analysing one version of one document, kept for code actions. */
interface Analysis {
  version: number;
  /** Version plus invalidation counters: equal stamps mean nothing relevant changed. */
  stamp: string;
  file: string;
  findings: Finding[];
  /** Text of every file the analysis saw, by engine path: edit ranges are computed against these. */
  texts: Map<string, string>;
}

interface ClientSupport {
  configuration: boolean;
  watchedFilesDynamic: boolean;
  configurationDynamic: boolean;
  workspaceFolders: boolean;
}

/** An error for the log: its stack, with anything credential-shaped masked (an exception may quote a file). */
function errorText(e: unknown): string {
  return redactSecrets(e instanceof Error ? (e.stack ?? e.message) : String(e));
}

export class AwsdpServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly queue: WorkQueue;
  private readonly modules = new ModuleFiles();
  private readonly configs: ConfigStore;
  private readonly cache = new Map<string, Analysis>();
  private readonly gens = new Map<string, number>();
  private globalGen = 0;
  private readonly justOpened = new Set<string>();
  private changeDelay: number;
  /** Terraform documents: the previous parse, for incremental re-parsing (one per open document). */
  private readonly parses = new Map<string, ParseHandle>();
  private engine?: Engine;
  private engineReady: Promise<Engine | undefined> = Promise.resolve(undefined);
  private configReady: Promise<void> = Promise.resolve();
  private support: ClientSupport = { configuration: false, watchedFilesDynamic: false, configurationDynamic: false, workspaceFolders: false };

  constructor(
    private readonly connection: Connection,
    private readonly options: ServerOptions = {},
  ) {
    this.changeDelay = options.changeDelayMs ?? CHANGE_DELAY_MS;
    this.queue = new WorkQueue(
      (uri) => this.validate(uri),
      (uri, e) => this.logError(`validation of ${uri} failed`, e),
    );
    this.configs = new ConfigStore({
      readFile: async (p) => {
        try {
          return await fs.readFile(p, 'utf8');
        } catch {
          return undefined;
        }
      },
      knownRules: () => {
        if (!this.engine || this.engine.rules.length === 0) return undefined;
        return new Set(this.engine.ruleNames);
      },
      resolveConfig: (layers) => (this.engine ? this.engine.resolveConfig(layers) : resolveConfig(layers, [])),
      fetchSettings: (scopeUri) =>
        this.support.configuration
          ? withTimeout(this.connection.workspace.getConfiguration({ scopeUri, section: 'awsdp' }), SETTINGS_TIMEOUT_MS, 'workspace/configuration')
          : undefined,
      showError: (message) => void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
      log: (message) => this.connection.console.warn(message),
    });
  }

  /** Registers every handler and starts listening. */
  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(this.guard('initialized', () => this.initialized()));
    c.onShutdown(() => {
      this.queue.dispose();
      for (const uri of [...this.parses.keys()]) this.dropParse(uri);
    });
    c.onCodeAction(this.guardRequest('codeAction', [] as CodeAction[], (p: CodeActionParams) => this.codeActions(p)));
    c.onDidChangeConfiguration(this.guard('didChangeConfiguration', (p: DidChangeConfigurationParams) => this.configurationChanged(p)));
    c.onDidChangeWatchedFiles(this.guard('didChangeWatchedFiles', (p: DidChangeWatchedFilesParams) => this.watchedFilesChanged(p)));

    const d = this.documents;
    d.onDidOpen(this.guard('didOpen', (e: { document: TextDocument }) => void this.justOpened.add(e.document.uri)));
    d.onDidChangeContent(this.guard('didChange', (e: { document: TextDocument }) => this.contentChanged(e.document)));
    d.onDidClose(this.guard('didClose', (e: { document: TextDocument }) => this.closed(e.document)));
    d.onDidSave(this.guard('didSave', () => this.saved()));
    d.listen(c);
    c.listen();
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  private initialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities;
    this.support = {
      configuration: !!caps.workspace?.configuration,
      watchedFilesDynamic: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      configurationDynamic: !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
      workspaceFolders: !!caps.workspace?.workspaceFolders,
    };
    this.configs.setFolders(initialFolders(params));
    const delay = (params.initializationOptions as { changeDelayMs?: unknown } | undefined)?.changeDelayMs;
    if (typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 && delay <= MAX_CHANGE_DELAY_MS) this.changeDelay = delay;
    this.engineReady = (this.options.createEngine ?? (() => createEngine({ wasmDir: this.options.wasmDir })))().then(
      (engine) => (this.engine = engine),
      (e: unknown) => {
        this.logError('the analysis engine failed to start', e);
        void this.connection.sendNotification(ShowMessageNotification.type, {
          type: MessageType.Error,
          message: `awsdp: the analysis engine failed to start: ${e instanceof Error ? e.message : String(e)}`,
        });
        return undefined;
      },
    );
    // Config validation names known rules, so it waits for the engine.
    this.configReady = this.engineReady.then(() => this.configs.reload()).then(
      () => undefined,
      (e: unknown) => this.logError('reading the configuration failed', e),
    );
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Full, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        experimental: { awsdp: { changeDelayMs: this.changeDelay } },
      },
      serverInfo: { name: 'awsdp' },
    };
  }

  private async initialized(): Promise<void> {
    const c = this.connection;
    if (this.support.configurationDynamic) await c.client.register(DidChangeConfigurationNotification.type, { section: 'awsdp' });
    if (this.support.watchedFilesDynamic) {
      await c.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
    }
    if (this.support.workspaceFolders) {
      c.workspace.onDidChangeWorkspaceFolders(
        this.guard('didChangeWorkspaceFolders', async (e: { added: WorkspaceFolder[]; removed: WorkspaceFolder[] }) => {
          const removed = new Set(e.removed.map((f) => f.uri));
          const kept = this.configs.getFolders().filter((f) => !removed.has(f.uri));
          this.configs.setFolders([...kept, ...e.added.map(toFolder)]);
          await this.configs.reload();
          this.revalidateAll();
        }),
      );
    }
  }

  // ---- documents -------------------------------------------------------------------------------

  private contentChanged(doc: TextDocument): void {
    const opened = this.justOpened.delete(doc.uri);
    this.queue.schedule(doc.uri, opened ? 0 : this.changeDelay);
    // A module's files see each other: after an edit, re-check the open siblings of a Terraform file.
    if (!opened) this.revalidateSiblings(doc);
  }

  private closed(doc: TextDocument): void {
    const uri = doc.uri;
    this.justOpened.delete(uri);
    this.queue.cancel(uri);
    this.cache.delete(uri);
    this.dropParse(uri);
    this.bump(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    // Its siblings now see the file as it is on disk.
    this.revalidateSiblings(doc);
  }

  private async saved(): Promise<void> {
    // Without file watchers, a save is our cue that the config file may have changed.
    if (this.support.watchedFilesDynamic) return;
    if (await this.configs.reload()) this.revalidateAll();
  }

  private revalidateSiblings(doc: TextDocument): void {
    const file = uriToPath(doc.uri, doc.languageId);
    if (!isTerraformPath(file)) return;
    const dir = path.dirname(file);
    for (const other of this.documents.all()) {
      if (other.uri === doc.uri) continue;
      const p = uriToPath(other.uri, other.languageId);
      if (isTerraformPath(p) && path.dirname(p) === dir) {
        this.bump(other.uri);
        this.queue.schedule(other.uri, this.changeDelay);
      }
    }
  }

  private revalidateAll(): void {
    this.globalGen++;
    for (const d of this.documents.all()) this.queue.schedule(d.uri, 0);
  }

  // ---- configuration ---------------------------------------------------------------------------

  private configurationChanged(params: DidChangeConfigurationParams): void {
    this.configs.settingsChanged(this.support.configuration ? undefined : params.settings);
    this.revalidateAll();
  }

  private async watchedFilesChanged(params: DidChangeWatchedFilesParams): Promise<void> {
    let configChanged = false;
    const dirs = new Set<string>();
    for (const change of params.changes) {
      const p = uriToPath(change.uri);
      if (this.configs.isConfigFile(p)) configChanged = true;
      else if (isTerraformPath(p)) {
        this.modules.forget(p);
        dirs.add(path.dirname(p));
      }
    }
    if (configChanged) {
      await this.configReady;
      if (await this.configs.reload()) {
        this.revalidateAll();
        return;
      }
    }
    if (!dirs.size) return;
    for (const d of this.documents.all()) {
      const p = uriToPath(d.uri, d.languageId);
      if (isTerraformPath(p) && dirs.has(path.dirname(p))) {
        this.bump(d.uri);
        this.queue.schedule(d.uri, this.changeDelay);
      }
    }
  }

  // ---- validation ------------------------------------------------------------------------------

  private dropParse(uri: string): void {
    this.parses.get(uri)?.dispose();
    this.parses.delete(uri);
  }

  private bump(uri: string): void {
    this.gens.set(uri, (this.gens.get(uri) ?? 0) + 1);
  }

  private stamp(uri: string, version: number): string {
    return `${version}:${this.globalGen}:${this.gens.get(uri) ?? 0}`;
  }

  /** Paths and texts of the open documents other than `uri`. */
  private openTexts(exceptUri: string): Map<string, string> {
    const m = new Map<string, string>();
    for (const d of this.documents.all()) if (d.uri !== exceptUri) m.set(uriToPath(d.uri, d.languageId), d.getText());
    return m;
  }

  private async validate(uri: string): Promise<void> {
    const engine = await this.engineReady;
    await this.configReady;
    const doc = this.documents.get(uri);
    if (!doc || !engine) return;
    const version = doc.version;
    const stamp = this.stamp(uri, version);
    if (this.cache.get(uri)?.stamp === stamp) return; // this version was published already
    const file = uriToPath(uri, doc.languageId);
    const fc = await this.configs.forFile(file);
    const siblings = fc.accepts && isTerraformPath(file) ? await this.modules.siblings(file, this.openTexts(uri)) : [];
    // Superseded while we read files: the newer run is queued already.
    const current = this.documents.get(uri);
    if (!current || current.version !== version || this.stamp(uri, version) !== stamp) return;
    const text = current.getText();
    let result: FileResult = { file, findings: [], notices: [], suppressed: 0 };
    // The previous parse of this document: Terraform re-parses incrementally from it (and consumes it).
    const previous = this.parses.get(uri);
    this.parses.delete(uri);
    if (fc.accepts) {
      try {
        result = engine.analyzeDocument({ path: file, text }, siblings, { config: fc.config, relativePath: fc.relativePath, previous, keep: isTerraformPath(file) });
      } catch (e) {
        previous?.dispose();
        this.logError(`analysis of ${uri} failed`, e);
        result.notices.push({ file, kind: 'internal', message: sanitizeMessage(`analysis failed: ${e instanceof Error ? e.message : String(e)}`) });
      }
    } else previous?.dispose();
    if (result.handle) {
      this.dropParse(uri);
      if (this.documents.get(uri)) this.parses.set(uri, result.handle);
      else result.handle.dispose();
      delete result.handle;
    }
    const texts = new Map<string, string>([[file, text]]);
    for (const s of siblings) texts.set(s.path, s.text);
    this.cache.set(uri, { version, stamp, file, findings: result.findings, texts });
    const diagnostics = [...result.findings.map(findingToDiagnostic), ...noticesToDiagnostics(result.notices, result.firstLine)];
    await this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  // ---- code actions ----------------------------------------------------------------------------

  private codeActions(params: CodeActionParams): CodeAction[] {
    const only = params.context.only;
    if (only && !only.some((k) => k === '' || k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`))) return [];
    const uri = params.textDocument.uri;
    const doc = this.documents.get(uri);
    const analysis = this.cache.get(uri);
    // Fix offsets belong to the analysed version; for any other version there is nothing to offer yet.
    if (!doc || !analysis || analysis.version !== doc.version) return [];
    const open = new Map<string, TextDocument>();
    for (const d of this.documents.all()) open.set(uriToPath(d.uri, d.languageId), d);
    const resolve: FileResolver = (file) => {
      const text = analysis.texts.get(file);
      if (text === undefined) return undefined;
      const target = file === analysis.file ? doc : open.get(file);
      // A sibling edited since the analysis: its ranges are stale.
      if (target && target !== doc && target.getText() !== text) return undefined;
      return target?.uri ?? pathToUri(file);
    };
    return codeActionsFor(params.context.diagnostics, analysis.findings, resolve);
  }

  // ---- robustness ------------------------------------------------------------------------------

  private logError(what: string, e: unknown): void {
    try {
      this.connection.console.error(`awsdp: ${what}: ${errorText(e)}`);
    } catch {
      // the connection is gone; nothing left to tell
    }
  }

  /** Wraps a notification handler: an exception is logged, never fatal. */
  private guard<A extends unknown[]>(name: string, fn: (...args: A) => void | Promise<void>): (...args: A) => void {
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
  private guardRequest<P, R>(name: string, fallback: R, fn: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
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

function withTimeout<T>(p: Thenable<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve(p),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function toFolder(f: { uri: string }): Folder {
  return { uri: f.uri, path: uriToPath(f.uri) };
}

function initialFolders(params: InitializeParams): Folder[] {
  if (params.workspaceFolders?.length) return params.workspaceFolders.map(toFolder);
  if (params.rootUri) return [toFolder({ uri: params.rootUri })];
  // Old clients send only the (deprecated) rootPath.
  if (params.rootPath) return [{ uri: pathToUri(params.rootPath), path: params.rootPath }];
  return [];
}

export function startServer(connection: Connection, options: ServerOptions = {}): AwsdpServer {
  const server = new AwsdpServer(connection, options);
  server.listen();
  return server;
}

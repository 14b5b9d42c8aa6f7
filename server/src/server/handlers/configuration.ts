/**
 * Configuration: `.awsdp.yaml` per workspace folder and the `awsdp.rules` editor setting (the
 * ConfigStore reads them; the engine resolves them into one config). Changes re-check the open
 * documents; changed Terraform files re-check their modules.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  DiagnosticSeverity,
  MessageType,
  ShowMessageNotification,
  type Connection,
  type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { resolveConfig } from '../../engine/index';
import { ConfigStore, type Folder } from '../configs';
import type { ServerContext } from '../context';
import { SOURCE } from '../convert';
import { pathToUri, uriToPath } from '../paths';
import type { WorkspaceHandler } from './workspace';
import type { DiagnosticsHandler } from './diagnostics';

/** A client that never answers workspace/configuration must not stall validation. */
const SETTINGS_TIMEOUT_MS = 5000;

/** The ConfigStore of a server: files read from disk, settings pulled from the client, the engine's precedence. */
export function createConfigStore(connection: Connection, ctx: () => ServerContext): ConfigStore {
  return new ConfigStore({
    readFile: async (p) => {
      try {
        return await fs.readFile(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    knownRules: () => {
      const engine = ctx().engine;
      if (!engine || engine.rules.length === 0) return undefined;
      return new Set(engine.ruleNames);
    },
    resolveConfig: (layers) => ctx().engine?.resolveConfig(layers) ?? resolveConfig(layers, []),
    fetchSettings: (scopeUri) =>
      ctx().support.configuration
        ? withTimeout(connection.workspace.getConfiguration({ scopeUri, section: 'awsdp' }), SETTINGS_TIMEOUT_MS, 'workspace/configuration')
        : undefined,
    showError: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
    log: (message) => connection.console.warn(message),
  });
}

export class ConfigurationHandler {
  /** Config files with a published problem (URIs). */
  private readonly problemFiles = new Set<string>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly diagnostics: DiagnosticsHandler,
    private readonly workspace: WorkspaceHandler,
  ) {}

  /** One diagnostic on each invalid config file (and none on the others). */
  publishConfigProblems(): void {
    const now = new Set<string>();
    for (const { file, problem } of this.ctx.configs.configProblems()) {
      const uri = pathToUri(file);
      // An open config file is checked from its own text (DiagnosticsHandler).
      if (!problem || this.ctx.documents.get(uri)) continue;
      now.add(uri);
      const range = { start: { line: problem.line, character: problem.character }, end: { line: problem.line, character: problem.character + problem.length } };
      void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [{ range, severity: DiagnosticSeverity.Error, source: SOURCE, message: problem.message }] });
    }
    for (const uri of this.problemFiles) if (!now.has(uri) && !this.ctx.documents.get(uri)) void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });

    this.problemFiles.clear();
    for (const uri of now) this.problemFiles.add(uri);
  }

  /** A config file was closed: what its buffer showed goes; what the file on disk says comes back. */
  configClosed(uri: string): void {
    void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.problemFiles.delete(uri);
    this.publishConfigProblems();
  }

  private async reload(): Promise<boolean> {
    const changed = await this.ctx.configs.reload();
    this.publishConfigProblems();
    return changed;
  }

  configurationChanged(params: DidChangeConfigurationParams): void {
    this.ctx.configs.settingsChanged(this.ctx.support.configuration ? undefined : params.settings);
    this.diagnostics.revalidateAll();
    this.workspace.rescanIfActive();
  }

  async watchedFilesChanged(params: DidChangeWatchedFilesParams): Promise<void> {
    const files = params.changes.map((c) => uriToPath(c.uri));
    const configChanged = files.some((p) => this.ctx.configs.isConfigFile(p));
    const gitignoreChanged = files.some((p) => path.basename(p) === '.gitignore');
    const others = files.filter((p) => !this.ctx.configs.isConfigFile(p));
    const dirs = this.diagnostics.forgetFiles(others);
    if (configChanged) {
      await this.ctx.configReady;
      if (await this.reload()) {
        this.diagnostics.revalidateAll();
        this.workspace.rescanIfActive();
        return;
      }
    }
    if (gitignoreChanged) this.workspace.rescanIfActive();
    else this.workspace.changed(others);
    this.diagnostics.revalidateModules(dirs);
  }

  async saved(): Promise<void> {
    // Without file watchers, a save is our cue that the config file may have changed.
    if (this.ctx.support.watchedFilesDynamic) return;
    if (await this.reload()) {
      this.diagnostics.revalidateAll();
      this.workspace.rescanIfActive();
    }
  }

  async foldersChanged(e: { added: WorkspaceFolder[]; removed: WorkspaceFolder[] }): Promise<void> {
    const removed = new Set(e.removed.map((f) => f.uri));
    const kept = this.ctx.configs.getFolders().filter((f) => !removed.has(f.uri));
    this.ctx.configs.setFolders([...kept, ...e.added.map(toFolder)]);
    await this.reload();
    this.diagnostics.revalidateAll();
    this.workspace.rescanIfActive();
  }
}

export function toFolder(f: { uri: string }): Folder {
  return { uri: f.uri, path: uriToPath(f.uri) };
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

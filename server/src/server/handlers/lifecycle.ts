/**
 * Lifecycle: `initialize` (client capabilities, workspace folders, the engine started, the server's
 * capabilities) and `initialized` (dynamic registrations).
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { createEngine, maskPath } from '../../engine/index';
import { COMMANDS, FIX_ALL_KIND } from '../commands';
import type { Folder } from '../configs';
import { MAX_CHANGE_DELAY_MS, type ServerContext } from '../context';
import { pathToUri } from '../paths';
import { toFolder, type ConfigurationHandler } from './configuration';
import type { WorkspaceHandler } from './workspace';

/** File watchers the server asks for when the client lets it register them. */
export const WATCHED_GLOBS = ['**/.awsdp.{yaml,yml}', '**/*.{tf,json,jsonc,yaml,yml,template}', '**/.aws/{config,credentials}', '**/.gitignore'];

export class LifecycleHandler {
  constructor(
    private readonly ctx: ServerContext,
    private readonly configuration: ConfigurationHandler,
    private readonly workspace: WorkspaceHandler,
  ) {}

  /** `initializationOptions.scanOnStartup` (clients without workspace/configuration). */
  private scanOnStartupOption = false;

  initialize(params: InitializeParams): InitializeResult {
    const { ctx } = this;
    const caps = params.capabilities;
    ctx.support = {
      configuration: !!caps.workspace?.configuration,
      watchedFilesDynamic: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      configurationDynamic: !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
      workspaceFolders: !!caps.workspace?.workspaceFolders,
      applyEdit: !!caps.workspace?.applyEdit,
      showDocument: !!caps.window?.showDocument?.support,
      workDoneProgress: !!caps.window?.workDoneProgress,
    };
    ctx.configs.setFolders(initialFolders(params));
    const delay = (params.initializationOptions as { changeDelayMs?: unknown } | undefined)?.changeDelayMs;
    if (typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 && delay <= MAX_CHANGE_DELAY_MS) ctx.changeDelay = delay;
    this.scanOnStartupOption = (params.initializationOptions as { scanOnStartup?: unknown } | undefined)?.scanOnStartup === true;
    ctx.engineReady = (ctx.options.createEngine ?? (() => createEngine({ wasmDir: ctx.options.wasmDir })))().then(
      (engine) => (ctx.engine = engine),
      (e: unknown) => {
        ctx.logError('the analysis engine failed to start', e);
        void ctx.connection.sendNotification(ShowMessageNotification.type, {
          type: MessageType.Error,
          message: `awsdp: the analysis engine failed to start: ${e instanceof Error ? e.message : String(e)}`,
        });
        return undefined;
      },
    );
    // Config validation names known rules, so it waits for the engine.
    ctx.configReady = ctx.engineReady.then(() => ctx.configs.reload()).then(
      () => this.configuration.publishConfigProblems(),
      (e: unknown) => ctx.logError('reading the configuration failed', e),
    );
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Full, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        experimental: { awsdp: { changeDelayMs: ctx.changeDelay } },
      },
      serverInfo: { name: 'awsdp' },
    };
  }

  async initialized(): Promise<void> {
    const { ctx } = this;
    const c = ctx.connection;
    if (ctx.support.configurationDynamic) await c.client.register(DidChangeConfigurationNotification.type, { section: 'awsdp' });
    if (ctx.support.watchedFilesDynamic) {
      await c.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
    }
    if (ctx.support.workspaceFolders) {
      c.workspace.onDidChangeWorkspaceFolders(
        ctx.guard('didChangeWorkspaceFolders', (e: { added: WorkspaceFolder[]; removed: WorkspaceFolder[] }) => this.configuration.foldersChanged(e)),
      );
    }
    await ctx.configReady;
    const folders = ctx.configs.getFolders();
    const configFiles = ctx.configs.configProblems().map((c) => c.file);
    c.console.info(
      `awsdp language server ${ctx.options.version ?? '(version unknown)'} over ${ctx.options.transport ?? 'stdio'}, node ${process.version}; ` +
        `workspace roots: ${folders.length ? folders.map((f) => maskPath(f.path)).join(', ') : '(none)'}; config files: ${configFiles.length ? configFiles.map((f) => maskPath(f)).join(', ') : 'none'}`,
    );
    const settings = await Promise.all(folders.map((f) => ctx.configs.settingsFor(f)));
    if (folders.length && (this.scanOnStartupOption || settings.some((s) => s.scanOnStartup))) {
      void this.workspace.scan().catch((e: unknown) => ctx.logError('workspace scan failed', e));
    }
  }
}

function initialFolders(params: InitializeParams): Folder[] {
  if (params.workspaceFolders?.length) return params.workspaceFolders.map(toFolder);
  if (params.rootUri) return [toFolder({ uri: params.rootUri })];
  // Old clients send only the (deprecated) rootPath.
  if (params.rootPath) return [{ uri: pathToUri(params.rootPath), path: params.rootPath }];
  return [];
}

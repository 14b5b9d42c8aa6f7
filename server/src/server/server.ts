/**
 * LSP wiring only: which handler answers which message. All analysis is the engine's; the
 * handlers (handlers/*) hold the work, convert.ts the conversion to LSP types. Nothing here is
 * specific to one editor.
 */
import { ErrorCodes, ResponseError, TextDocuments, type CodeAction, type CodeActionParams, type Connection, type DidChangeConfigurationParams, type DidChangeWatchedFilesParams, type ExecuteCommandParams, type Hover, type HoverParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerContext, type ServerOptions } from './context';
import { CodeActionsHandler } from './handlers/code-actions';
import { CommandsHandler } from './handlers/commands';
import { HoverHandler } from './handlers/hover';
import { ConfigurationHandler, createConfigStore } from './handlers/configuration';
import { DiagnosticsHandler } from './handlers/diagnostics';
import { LifecycleHandler } from './handlers/lifecycle';
import { WorkspaceHandler } from './handlers/workspace';

export { CHANGE_DELAY_MS, type ServerOptions } from './context';
export { WATCHED_GLOBS } from './handlers/lifecycle';

export class AwsdpServer {
  readonly ctx: ServerContext;
  private readonly diagnostics: DiagnosticsHandler;
  private readonly codeActions: CodeActionsHandler;
  private readonly configuration: ConfigurationHandler;
  private readonly lifecycle: LifecycleHandler;
  private readonly hover: HoverHandler;
  readonly commands: CommandsHandler;
  readonly workspace: WorkspaceHandler;

  constructor(connection: Connection, options: ServerOptions = {}) {
    const configs = createConfigStore(connection, () => this.ctx);
    this.ctx = new ServerContext(connection, new TextDocuments(TextDocument), configs, options);
    this.diagnostics = new DiagnosticsHandler(this.ctx);
    this.codeActions = new CodeActionsHandler(this.ctx, this.diagnostics);
    this.workspace = new WorkspaceHandler(this.ctx);
    this.diagnostics.workspace = this.workspace;
    this.workspace.editorIdle = () => this.diagnostics.idle();
    this.configuration = new ConfigurationHandler(this.ctx, this.diagnostics, this.workspace);
    this.lifecycle = new LifecycleHandler(this.ctx, this.configuration, this.workspace);
    this.diagnostics.onConfigClosed = (uri) => this.configuration.configClosed(uri);
    this.hover = new HoverHandler(this.ctx);
    this.commands = new CommandsHandler(this.ctx, this.diagnostics);
    this.commands.scanWorkspace = () => this.workspace.scan();
  }

  /** The LSP lifecycle: requests before `initialize` and after `shutdown` get the spec's errors. */
  private phase: 'new' | 'running' | 'shutdown' = 'new';

  private refusal(): ResponseError<void> | undefined {
    if (this.phase === 'new') return new ResponseError(ErrorCodes.ServerNotInitialized, 'the server is not initialized');
    if (this.phase === 'shutdown') return new ResponseError(ErrorCodes.InvalidRequest, 'the server is shut down');
    return undefined;
  }

  /** Registers every handler and starts listening. */
  listen(): void {
    const { ctx } = this;
    const c = ctx.connection;
    c.onInitialize((p) => {
      this.phase = 'running';
      return this.lifecycle.initialize(p);
    });
    c.onInitialized(ctx.guard('initialized', () => this.lifecycle.initialized()));
    c.onShutdown(() => {
      this.phase = 'shutdown';
      this.diagnostics.dispose();
      this.workspace.dispose();
    });
    const codeAction = ctx.guardRequest('codeAction', [] as CodeAction[], (p: CodeActionParams) => this.codeActions.codeActions(p));
    c.onCodeAction((p) => this.refusal() ?? codeAction(p));
    const hover = ctx.guardRequest('hover', null as Hover | null, (p: HoverParams) => this.hover.hover(p));
    c.onHover((p) => this.refusal() ?? hover(p));
    const execute = ctx.guardRequest('executeCommand', null as unknown, (p: ExecuteCommandParams) => this.commands.execute(p));
    c.onExecuteCommand((p) => this.refusal() ?? execute(p));
    // Any other request: the lifecycle errors, else "method not found".
    c.onRequest((method: string) => this.refusal() ?? new ResponseError(ErrorCodes.MethodNotFound, `unhandled method ${method}`));
    c.onDidChangeConfiguration(ctx.guard('didChangeConfiguration', (p: DidChangeConfigurationParams) => this.configuration.configurationChanged(p)));
    c.onDidChangeWatchedFiles(ctx.guard('didChangeWatchedFiles', (p: DidChangeWatchedFilesParams) => this.configuration.watchedFilesChanged(p)));

    const d = ctx.documents;
    d.onDidOpen(ctx.guard('didOpen', (e: { document: TextDocument }) => this.diagnostics.opened(e.document)));
    d.onDidChangeContent(ctx.guard('didChange', (e: { document: TextDocument }) => this.diagnostics.changed(e.document)));
    d.onDidClose(ctx.guard('didClose', (e: { document: TextDocument }) => this.diagnostics.closed(e.document)));
    d.onDidSave(ctx.guard('didSave', () => this.configuration.saved()));
    d.listen(c);
    c.listen();
  }
}

export function startServer(connection: Connection, options: ServerOptions = {}): AwsdpServer {
  const server = new AwsdpServer(connection, options);
  server.listen();
  return server;
}

/**
 * The VS Code client: starts the awsdp language server (dist/server.js) over IPC and forwards
 * documents, settings and file events. All analysis happens in the server; the client adds what
 * only an editor has: the output channel (its first line says who, what and where), protocol
 * tracing that follows `awsdp.trace.server`, a language status item with the problem counts, the
 * prompt for a suppression's reason, and the restart policy for a crashing server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, State, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { RestartPolicy } from './restart-policy';
import { bannerLine, tracing } from './trace';

/** Client id: also the settings prefix, so `awsdp.trace.server` turns on protocol tracing. */
export const CLIENT_ID = 'awsdp';
export const OUTPUT_CHANNEL = 'AWS Data Protection';
const SOURCE = 'awsdp';

let client: LanguageClient | undefined;

/**
 * The trace channel the LanguageClient writes the protocol to: log level Trace while
 * `awsdp.trace.server` is on (so the client traces), lines written into the output channel at a
 * level it shows (see trace.ts).
 */
function traceChannel(out: vscode.LogOutputChannel, context: vscode.ExtensionContext): vscode.LogOutputChannel {
  const changed = new vscode.EventEmitter<vscode.LogLevel>();
  let on = tracing(vscode.workspace.getConfiguration(CLIENT_ID).get('trace.server'));
  context.subscriptions.push(
    changed,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(`${CLIENT_ID}.trace.server`)) return;
      const next = tracing(vscode.workspace.getConfiguration(CLIENT_ID).get('trace.server'));
      if (next === on) return;
      on = next;
      changed.fire(on ? vscode.LogLevel.Trace : vscode.LogLevel.Info);
    }),
  );
  return {
    get name() {
      return out.name;
    },
    get logLevel() {
      return on ? vscode.LogLevel.Trace : vscode.LogLevel.Info;
    },
    onDidChangeLogLevel: changed.event,
    trace: (message: string, ...args: unknown[]) => {
      if (on) out.info(`[trace] ${message}`, ...args);
    },
    debug: (message: string, ...args: unknown[]) => out.debug(message, ...args),
    info: (message: string, ...args: unknown[]) => out.info(message, ...args),
    warn: (message: string, ...args: unknown[]) => out.warn(message, ...args),
    error: (error: string | Error, ...args: unknown[]) => out.error(error, ...args),
    append: (value: string) => out.append(value),
    appendLine: (value: string) => out.appendLine(value),
    replace: (value: string) => out.replace(value),
    clear: () => out.clear(),
    show: (a?: unknown, b?: boolean) => (typeof a === 'boolean' ? out.show(a) : out.show(b)),
    hide: () => out.hide(),
    dispose: () => undefined,
  } as vscode.LogOutputChannel;
}

/** The language status item: server state and the awsdp problem counts of the workspace. */
function statusItem(context: vscode.ExtensionContext, selector: vscode.DocumentSelector): { setState(s: 'starting' | 'running' | 'stopped'): void } {
  const item = vscode.languages.createLanguageStatusItem('awsdp.status', selector);
  item.name = 'AWS Data Protection';
  item.command = { title: 'Show Problems', command: 'workbench.actions.view.problems' };
  let state: 'starting' | 'running' | 'stopped' = 'starting';
  let timer: NodeJS.Timeout | undefined;
  const render = () => {
    let errors = 0;
    let warnings = 0;
    let infos = 0;
    let files = 0;
    for (const [, ds] of vscode.languages.getDiagnostics()) {
      let mine = 0;
      for (const d of ds) {
        if (d.source !== SOURCE) continue;
        mine++;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
        else infos++;
      }
      if (mine) files++;
    }
    const total = errors + warnings + infos;
    item.severity = state === 'stopped' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    item.busy = state === 'starting';
    item.text = state === 'stopped' ? '$(error) awsdp stopped' : state === 'starting' ? 'awsdp starting' : `$(shield) awsdp: ${total} problem${total === 1 ? '' : 's'}`;
    item.detail = state === 'stopped' ? 'The language server is not running' : `${errors} errors, ${warnings} warnings, ${infos} infos in ${files} file${files === 1 ? '' : 's'}`;
    item.accessibilityInformation = { label: `AWS Data Protection: ${item.text.replace(/\$\([a-z-]+\) /, '')}; ${item.detail}` };
  };
  render();
  context.subscriptions.push(
    item,
    vscode.languages.onDidChangeDiagnostics(() => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        render();
      }, 250);
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
  return {
    setState(s) {
      state = s;
      render();
    },
  };
}

async function configFiles(): Promise<string[]> {
  try {
    const found = await vscode.workspace.findFiles('**/.awsdp.{yaml,yml}', '**/{node_modules,.git}/**', 20);
    return found.map((u) => vscode.workspace.asRelativePath(u, true));
  } catch {
    return [];
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };

  const outputChannel = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  context.subscriptions.push(outputChannel);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? 'unknown');
  outputChannel.info(
    bannerLine({
      version,
      transport: 'Node IPC',
      serverPath: path.relative(context.extensionPath, serverModule) || serverModule,
      roots: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
      configFiles: await configFiles(),
    }),
  );

  // A crashing server is restarted (a few times) with one notification, not one per crash.
  const policy = new RestartPolicy();
  const showOutput = 'Show Output';
  const tell = (n: { level: 'info' | 'error'; message: string } | undefined) => {
    if (!n) return;
    const shown = n.level === 'error' ? vscode.window.showErrorMessage(n.message, showOutput) : vscode.window.showInformationMessage(n.message, showOutput);
    void shown.then((choice) => choice === showOutput && outputChannel.show(true));
  };
  const errorHandler: ErrorHandler = {
    error: (_error, _message, count) => {
      const d = policy.error(count);
      outputChannel.warn(`awsdp: ${d.log}`);
      return { action: d.action === 'continue' ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
    },
    closed: () => {
      const d = policy.closed();
      outputChannel.warn(`awsdp: ${d.log}`);
      tell(d.notify);
      return { action: d.action === 'restart' ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
    },
  };

  const languages = ['yaml', 'json', 'jsonc', 'terraform'];
  const documentSelector = [
    ...languages.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    { scheme: 'file', pattern: '**/*.tf.json' },
    // AWS CLI/SDK shared config files, whatever language the editor gives them (ini, plain text).
    { scheme: 'file', pattern: '**/.aws/{config,credentials}' },
  ];
  const status = statusItem(context, documentSelector);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel,
    traceOutputChannel: traceChannel(outputChannel, context),
    // File events: the server registers its own watchers (workspace/didChangeWatchedFiles).
    errorHandler,
    middleware: {
      // "Suppress with a reason": ask for the reason, then let the server write the edit.
      executeCommand: async (command, args, next) => {
        const arg = args[0] as { ruleId?: string; reason?: string } | undefined;
        if (command !== 'awsdp.suppress' || !arg || arg.reason !== undefined) return next(command, args);
        const reason = await vscode.window.showInputBox({
          title: `Suppress ${arg.ruleId ?? 'finding'}`,
          prompt: 'Why is this acceptable here? The reason is written next to the suppression.',
          placeHolder: 'e.g. TLS is enforced at CloudFront',
          ignoreFocusOut: true,
        });
        if (reason === undefined) return undefined;
        return next(command, [{ ...arg, reason }, ...args.slice(1)]);
      },
    },
  };

  client = new LanguageClient(CLIENT_ID, OUTPUT_CHANNEL, serverOptions, clientOptions);
  context.subscriptions.push(
    client.onDidChangeState((e) => status.setState(e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped')),
    vscode.commands.registerCommand('awsdp.restartServer', async () => {
      if (!client) return;
      outputChannel.info('Restarting the awsdp language server');
      policy.reset();
      await client.restart();
    }),
    vscode.commands.registerCommand('awsdp.showOutput', () => outputChannel.show(true)),
  );

  await client.start();
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}

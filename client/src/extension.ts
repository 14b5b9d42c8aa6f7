/**
 * The VS Code client: starts the awsdp language server (dist/server.js) over IPC and forwards
 * documents, settings and file events. All analysis happens in the server.
 */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { RestartPolicy } from './restart-policy';

/** Client id: also the settings prefix, so `awsdp.trace.server` turns on protocol tracing. */
export const CLIENT_ID = 'awsdp';
export const OUTPUT_CHANNEL = 'AWS Data Protection';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };

  const outputChannel = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  const watchers = [
    vscode.workspace.createFileSystemWatcher('**/.awsdp.{yaml,yml}'),
    vscode.workspace.createFileSystemWatcher('**/*.tf'),
    vscode.workspace.createFileSystemWatcher('**/*.tf.json'),
  ];
  context.subscriptions.push(outputChannel, ...watchers);

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
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...languages.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      { scheme: 'file', pattern: '**/*.tf.json' },
    ],
    outputChannel,
    synchronize: { fileEvents: watchers },
    errorHandler,
  };

  client = new LanguageClient(CLIENT_ID, OUTPUT_CHANNEL, serverOptions, clientOptions);

  context.subscriptions.push(
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

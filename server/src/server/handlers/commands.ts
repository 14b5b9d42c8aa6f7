/**
 * workspace/executeCommand: suppress a finding (the engine writes the edit; the server asks the
 * client to apply it), open a rule's documentation, scan the workspace.
 */
import { MessageType, ShowMessageNotification, type ExecuteCommandParams, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { docsUrl, suppressionEdit } from '../../engine/index';
import { COMMANDS, type SuppressArgs } from '../commands';
import type { ServerContext } from '../context';
import { rangesEqual } from '../convert';
import { pathToUri } from '../paths';
import type { DiagnosticsHandler } from './diagnostics';

export interface CommandResult {
  applied?: boolean;
  message?: string;
  edit?: WorkspaceEdit;
}

export class CommandsHandler {
  /** Runs a workspace scan (set by the workspace handler). */
  scanWorkspace?: () => Promise<unknown>;

  constructor(
    private readonly ctx: ServerContext,
    private readonly diagnostics: DiagnosticsHandler,
  ) {}

  async execute(params: ExecuteCommandParams): Promise<unknown> {
    const arg = params.arguments?.[0] as Record<string, unknown> | undefined;
    switch (params.command) {
      case COMMANDS.suppress:
        return this.suppress(arg as unknown as SuppressArgs);
      case COMMANDS.showRuleDocumentation:
        return this.showDocs(arg);
      case COMMANDS.scanWorkspace:
        return this.scanWorkspace?.();
      default:
        return undefined;
    }
  }

  private tell(message: string, type: MessageType = MessageType.Warning): CommandResult {
    void this.ctx.connection.sendNotification(ShowMessageNotification.type, { type, message });
    return { applied: false, message };
  }

  async suppress(args: SuppressArgs | undefined): Promise<CommandResult> {
    if (!args || typeof args.uri !== 'string' || typeof args.ruleId !== 'string' || !args.range) return this.tell('awsdp: suppress needs { uri, ruleId, range }');
    const engine = await this.ctx.engineReady;
    const inputs = await this.diagnostics.inputsOf(args.uri);
    const analysis = this.diagnostics.analysisOf(args.uri);
    if (!engine || !inputs || !analysis || analysis.version !== inputs.doc.version) return this.tell('awsdp: the document changed; try again once its problems are updated');
    const finding = analysis.findings.find((f) => f.ruleId === args.ruleId && rangesEqual(f.range, args.range));
    if (!finding) return this.tell(`awsdp: ${args.ruleId} is no longer reported there`);
    const { doc, file, siblings, fc } = inputs;
    const configFile = await this.ctx.configs.configFileFor(file);
    const s = suppressionEdit(engine, { path: file, text: doc.getText() }, siblings, finding, typeof args.reason === 'string' ? args.reason : undefined, {
      config: fc.config,
      relativePath: fc.relativePath,
      configFile,
    });
    if (!s) return this.tell(`awsdp: ${args.ruleId} cannot be suppressed in this file by an inline comment${configFile ? '' : ' (and the file is outside every workspace folder, so not in .awsdp.yaml either)'}`);
    let edit: WorkspaceEdit;
    if (s.edits) {
      const edits: TextEdit[] = s.edits.map((e) => ({ range: { start: doc.positionAt(e.span.start), end: doc.positionAt(e.span.end) }, newText: e.newText }));
      edit = { changes: { [args.uri]: edits } };
    } else {
      const c = s.config!;
      const uri = pathToUri(c.file);
      const open = this.ctx.documents.get(uri);
      if (c.created && !open) {
        edit = { documentChanges: [{ kind: 'create', uri, options: { ignoreIfExists: true } }, { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.text }] }] };
      } else {
        // Replace the whole file: the text it had when the edit was computed (open or on disk).
        const old = open ?? TextDocument.create(uri, 'yaml', 0, configFile?.text ?? '');
        edit = { changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end: old.positionAt(old.getText().length) }, newText: c.text }] } };
      }
    }
    if (!this.ctx.support.applyEdit) return { applied: false, edit, message: s.title };
    const r = await this.ctx.connection.workspace.applyEdit({ label: s.title, edit });
    return { applied: r.applied, message: s.title };
  }

  async showDocs(arg: Record<string, unknown> | undefined): Promise<CommandResult> {
    const ruleId = typeof arg?.ruleId === 'string' ? arg.ruleId : undefined;
    const engine = await this.ctx.engineReady;
    const rule = engine?.rules.find((r) => r.meta.id === ruleId || r.meta.name === ruleId);
    if (!rule) return this.tell(`awsdp: no rule ${ruleId ?? '(none given)'}`);
    const url = docsUrl(rule.meta);
    if (this.ctx.support.showDocument) {
      const r = await this.ctx.connection.window.showDocument({ uri: url, external: true });
      return { applied: r.success, message: url };
    }
    return this.tell(`${rule.meta.id} ${rule.meta.name}: ${url}`, MessageType.Info);
  }
}

/**
 * Code actions: the quick fixes of the findings a client's diagnostics stand for, from the last
 * analysis of the document. Fix edits carry their ranges (the engine's), so nothing here reads text
 * positions; an edit whose file changed since the analysis is not offered.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../context';
import { codeActionsFor, type FileResolver } from '../convert';
import { pathToUri, uriToPath } from '../paths';
import type { DiagnosticsHandler } from './diagnostics';

export class CodeActionsHandler {
  constructor(
    private readonly ctx: ServerContext,
    private readonly diagnostics: DiagnosticsHandler,
  ) {}

  codeActions(params: CodeActionParams): CodeAction[] {
    const only = params.context.only;
    if (only && !only.some((k) => k === '' || k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`))) return [];
    const uri = params.textDocument.uri;
    const doc = this.ctx.documents.get(uri);
    const analysis = this.diagnostics.analysisOf(uri);
    // Fix ranges belong to the analysed version; for any other version there is nothing to offer yet.
    if (!doc || !analysis || analysis.version !== doc.version) return [];
    const open = new Map<string, TextDocument>();
    for (const d of this.ctx.documents.all()) open.set(uriToPath(d.uri, d.languageId), d);
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
}

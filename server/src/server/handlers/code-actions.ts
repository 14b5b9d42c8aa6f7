/**
 * Code actions: the quick fixes of the findings a client's diagnostics stand for (from the last
 * analysis of the document), "Suppress…" and "Show documentation" for each, and Fix all
 * (`source.fixAll.awsdp`: every safe fix, applied by the engine pass after pass so that fixes that
 * overlap never corrupt the file). Fix edits carry their ranges (the engine's), so nothing here
 * reads text positions; an edit whose file changed since the analysis is not offered.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAll, minimalEdit } from '../../engine/index';
import { COMMANDS, FIX_ALL_KIND, type SuppressArgs } from '../commands';
import type { ServerContext } from '../context';
import { codeActionsFor, findingsForDiagnostic, SOURCE, type FileResolver } from '../convert';
import { pathToUri, uriToPath } from '../paths';
import type { DiagnosticsHandler } from './diagnostics';

/** How long a code action request waits for the document's pending analysis. */
const CODE_ACTION_WAIT_MS = 3000;

/** Whether a client's `only` filter asks for `kind` (no filter: every kind but source actions). */
function wanted(only: readonly string[] | undefined, kind: string): boolean {
  if (!only) return !kind.startsWith('source');
  return only.some((k) => k === '' || k === kind || kind.startsWith(`${k}.`));
}

export class CodeActionsHandler {
  constructor(
    private readonly ctx: ServerContext,
    private readonly diagnostics: DiagnosticsHandler,
  ) {}

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const only = params.context.only;
    const out: CodeAction[] = wanted(only, CodeActionKind.QuickFix) ? await this.quickFixes(params) : [];
    if (wanted(only, FIX_ALL_KIND)) {
      const all = await this.fixAll(params.textDocument.uri);
      if (all) out.push(all);
    }
    return out;
  }

  private async quickFixes(params: CodeActionParams): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    const current = () => {
      const doc = this.ctx.documents.get(uri);
      const analysis = this.diagnostics.analysisOf(uri);
      return doc && analysis && analysis.version === doc.version ? { doc, analysis } : undefined;
    };
    // Fix ranges belong to the analysed version. A request that comes while the document's analysis is
    // still queued or running (a busy machine, Ctrl+. right after an edit) waits for it, briefly,
    // rather than answer "no code actions"; for any other version there is nothing to offer.
    let got = current();
    if (!got && this.ctx.documents.get(uri)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.diagnostics.idle(), new Promise<void>((r) => (timer = setTimeout(r, CODE_ACTION_WAIT_MS)))]);
      clearTimeout(timer);
      got = current();
    }
    if (!got) return [];
    const { doc, analysis } = got;
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
    const fixes = codeActionsFor(params.context.diagnostics, analysis.findings, resolve);
    // Suppress and documentation only for diagnostics that stand for a current finding.
    const standing = params.context.diagnostics.filter((d) => findingsForDiagnostic(analysis.findings, d).length > 0);
    return [...fixes, ...this.ruleActions(uri, doc.version, standing)];
  }

  /** "Suppress DP201…" and "Show documentation for DP201", once per rule and range. */
  private ruleActions(uri: string, version: number, diagnostics: readonly Diagnostic[]): CodeAction[] {
    const out: CodeAction[] = [];
    const seen = new Set<string>();
    const docsShown = new Set<string>();
    for (const d of diagnostics) {
      if (d.source !== SOURCE || d.code === undefined || d.code === null) continue;
      const ruleId = String(d.code);
      const key = `${ruleId}@${JSON.stringify(d.range)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const args: SuppressArgs = { uri, version, ruleId, range: d.range };
      out.push({ title: `Suppress ${ruleId} with a reason…`, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title: `Suppress ${ruleId}`, command: COMMANDS.suppress, arguments: [args] } });
      if (!docsShown.has(ruleId)) {
        docsShown.add(ruleId);
        out.push({
          title: `Show documentation for ${ruleId}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title: `Show documentation for ${ruleId}`, command: COMMANDS.showRuleDocumentation, arguments: [{ ruleId, url: d.codeDescription?.href }] },
        });
      }
    }
    return out;
  }

  /** Every safe fix of the document, as one edit (none when nothing applies). */
  private async fixAll(uri: string): Promise<CodeAction | undefined> {
    const engine = await this.ctx.engineReady;
    const inputs = await this.diagnostics.inputsOf(uri);
    if (!engine || !inputs || !inputs.fc.accepts) return undefined;
    const { doc, file, siblings, fc } = inputs;
    const version = doc.version;
    const text = doc.getText();
    const result = fixAll(engine, { path: file, text }, siblings, { config: fc.config, relativePath: fc.relativePath });
    // The document changed while we worked: the edit would be stale.
    if (!result.applied || this.ctx.documents.get(uri)?.version !== version) return undefined;
    const e = minimalEdit(text, result.text);
    if (!e) return undefined;
    return {
      title: `Fix all awsdp problems that have a safe fix (${result.applied})`,
      kind: FIX_ALL_KIND,
      edit: { changes: { [uri]: [{ range: { start: doc.positionAt(e.span.start), end: doc.positionAt(e.span.end) }, newText: e.newText }] } },
    };
  }
}

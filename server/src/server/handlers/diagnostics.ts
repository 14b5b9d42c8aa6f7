/**
 * Diagnostics: documents in (open, change, close), analysis through the engine, diagnostics out.
 * Keeps, per open document, the last analysis (for code actions) and the last Terraform parse
 * (for incremental re-parsing); sibling module files come from ModuleFiles, and the engine keeps
 * their parses while their text is unchanged.
 */
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { sanitizeMessage, type FileResult, type Finding, type ParseHandle, type SourceFile } from '../../engine/index';
import type { FileConfig } from '../configs';
import type { ServerContext } from '../context';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { findingToDiagnostic, noticesToDiagnostics, SOURCE } from '../convert';
import { ModuleFiles } from '../modules';
import { isTerraformPath, uriToPath } from '../paths';
import { WorkQueue } from '../queue';

/** The result of analysing one version of one document, kept for code actions. */
export interface Analysis {
  version: number;
  /** Version plus invalidation counters: equal stamps mean nothing relevant changed. */
  stamp: string;
  file: string;
  findings: Finding[];
  /** Text of every file the analysis saw, by engine path: an edit applies only while its file still has this text. */
  texts: Map<string, string>;
}

export class DiagnosticsHandler {
  readonly modules = new ModuleFiles();
  private readonly queue: WorkQueue;
  private readonly cache = new Map<string, Analysis>();
  private readonly gens = new Map<string, number>();
  private globalGen = 0;
  private readonly justOpened = new Set<string>();
  /** Terraform documents: the previous parse, for incremental re-parsing (one per open document). */
  private readonly parses = new Map<string, ParseHandle>();
  /** Documents whose last analysis the time budget stopped: the version, the retries made, the pending one. */
  private readonly retries = new Map<string, { version: number; made: number; timer?: NodeJS.Timeout }>();

  constructor(private readonly ctx: ServerContext) {
    this.queue = new WorkQueue(
      (uri) => this.validate(uri),
      (uri, e) => ctx.logError(`validation of ${uri} failed`, e),
    );
  }

  /**
   * What analysing the open document `uri` takes (its text, the config for its file, its Terraform
   * module's other files): for fix-all and suppression edits, which analyse it again.
   */
  async inputsOf(uri: string): Promise<{ doc: TextDocument; file: string; siblings: SourceFile[]; fc: FileConfig } | undefined> {
    await this.ctx.configReady;
    const doc = this.ctx.documents.get(uri);
    if (!doc) return undefined;
    const file = uriToPath(uri, doc.languageId);
    const fc = await this.ctx.configs.forFile(file);
    const siblings = isTerraformPath(file) ? await this.modules.siblings(file, this.openTexts(uri)) : [];
    return { doc, file, siblings, fc };
  }

  /**
   * Resolves once no open document waits for its analysis (none queued, debouncing or running).
   * The workspace scan waits for this between its batches: an opened or edited file comes first.
   */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** The analysis of the current version of `uri`, if there is one. */
  analysisOf(uri: string): Analysis | undefined {
    return this.cache.get(uri);
  }

  /**
   * Set by the workspace scan: told when a document opens, and asked when one closes whether it
   * takes the file over (analysed from disk: its problems stay) — else the diagnostics are cleared.
   */
  workspace?: { opened(uri: string): void; closed(uri: string): boolean };
  /** A `.awsdp.yaml` was closed: its diagnostics go back to what the file on disk says. */
  onConfigClosed?: (uri: string) => void;

  opened(doc: TextDocument): void {
    this.justOpened.add(doc.uri);
    this.workspace?.opened(doc.uri);
  }

  changed(doc: TextDocument): void {
    const opened = this.justOpened.delete(doc.uri);
    this.queue.schedule(doc.uri, opened ? 0 : this.ctx.changeDelay);
    // A module's files see each other: after an edit, re-check the open siblings of a Terraform file.
    if (!opened) this.revalidateSiblings(doc);
  }

  closed(doc: TextDocument): void {
    const uri = doc.uri;
    this.justOpened.delete(uri);
    this.forgetRetry(uri);
    this.queue.cancel(uri);
    this.cache.delete(uri);
    this.dropParse(uri);
    this.bump(uri);
    if (this.ctx.configs.isConfigFile(uriToPath(uri, doc.languageId))) this.onConfigClosed?.(uri);
    else if (!this.workspace?.closed(uri)) void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
    // Its siblings now see the file as it is on disk.
    this.revalidateSiblings(doc);
  }

  /** Every open document again (the configuration changed). */
  revalidateAll(): void {
    this.globalGen++;
    for (const d of this.ctx.documents.all()) this.queue.schedule(d.uri, 0);
  }

  /** Files changed on disk: forgets their cached text; returns the module directories they belong to. */
  forgetFiles(files: readonly string[]): Set<string> {
    const dirs = new Set<string>();
    for (const p of files) {
      if (!isTerraformPath(p)) continue;
      this.modules.forget(p);
      dirs.add(path.dirname(p));
    }
    return dirs;
  }

  /** Re-checks the open Terraform documents of these module directories. */
  revalidateModules(dirs: ReadonlySet<string>): void {
    if (!dirs.size) return;
    for (const d of this.ctx.documents.all()) {
      const p = uriToPath(d.uri, d.languageId);
      if (isTerraformPath(p) && dirs.has(path.dirname(p))) {
        this.bump(d.uri);
        this.queue.schedule(d.uri, this.ctx.changeDelay);
      }
    }
  }

  dispose(): void {
    for (const uri of [...this.retries.keys()]) this.forgetRetry(uri);
    this.queue.dispose();
    for (const uri of [...this.parses.keys()]) this.dropParse(uri);
  }

  private revalidateSiblings(doc: TextDocument): void {
    const file = uriToPath(doc.uri, doc.languageId);
    if (!isTerraformPath(file)) return;
    const dir = path.dirname(file);
    for (const other of this.ctx.documents.all()) {
      if (other.uri === doc.uri) continue;
      const p = uriToPath(other.uri, other.languageId);
      if (isTerraformPath(p) && path.dirname(p) === dir) {
        this.bump(other.uri);
        this.queue.schedule(other.uri, this.ctx.changeDelay);
      }
    }
  }

  /**
   * The time budget stopped the analysis of this version (the machine was busy, or the file is very
   * large): analyse it again after a pause, a bounded number of times per version (ctx.retryDelays).
   * The retry waits outside the work queue, so that nothing waits for it (the workspace scan waits
   * for the queue to be idle); an edit meanwhile makes it moot (the version moved on).
   */
  private retryIfStopped(uri: string, version: number, result: FileResult): void {
    if (!result.notices.some((n) => n.timedOut)) {
      this.forgetRetry(uri);
      return;
    }
    let r = this.retries.get(uri);
    if (!r || r.version !== version) {
      this.forgetRetry(uri);
      this.retries.set(uri, (r = { version, made: 0 }));
    }
    const delay = this.ctx.retryDelays[r.made];
    if (delay === undefined) return;
    r.made++;
    const state = r;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      if (this.retries.get(uri) !== state || this.ctx.documents.get(uri)?.version !== version) return;
      this.bump(uri); // the same version, analysed again
      this.queue.schedule(uri, 0);
    }, delay);
    state.timer.unref?.();
  }

  private forgetRetry(uri: string): void {
    const r = this.retries.get(uri);
    if (r?.timer) clearTimeout(r.timer);
    this.retries.delete(uri);
  }

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
    for (const d of this.ctx.documents.all()) if (d.uri !== exceptUri) m.set(uriToPath(d.uri, d.languageId), d.getText());
    return m;
  }

  private async validate(uri: string): Promise<void> {
    const { ctx } = this;
    const engine = await ctx.engineReady;
    await ctx.configReady;
    const doc = ctx.documents.get(uri);
    if (!doc || !engine) return;
    const version = doc.version;
    const stamp = this.stamp(uri, version);
    if (this.cache.get(uri)?.stamp === stamp) return; // this version was published already
    const file = uriToPath(uri, doc.languageId);
    if (ctx.configs.isConfigFile(file)) {
      // `.awsdp.yaml` itself: its one problem, as you type (the disk version is what applies).
      const problem = ctx.configs.checkText(doc.getText(), file);
      const diagnostics = problem
        ? [{ range: { start: { line: problem.line, character: problem.character }, end: { line: problem.line, character: problem.character + problem.length } }, severity: DiagnosticSeverity.Error, source: SOURCE, message: problem.message }]
        : [];
      await ctx.connection.sendDiagnostics({ uri, version, diagnostics });
      return;
    }
    const fc = await ctx.configs.forFile(file);
    const siblings = fc.accepts && isTerraformPath(file) ? await this.modules.siblings(file, this.openTexts(uri)) : [];
    // Superseded while we read files: the newer run is queued already.
    const current = ctx.documents.get(uri);
    if (!current || current.version !== version || this.stamp(uri, version) !== stamp) return;
    const text = current.getText();
    let result: FileResult = { file, findings: [], notices: [], suppressed: 0 };
    // The previous parse of this document: Terraform re-parses incrementally from it (and consumes it).
    const previous = this.parses.get(uri);
    this.parses.delete(uri);
    if (fc.accepts) {
      try {
        // Siblings whose text is unchanged are not parsed again (the engine keeps their parses).
        result = engine.analyzeDocument({ path: file, text }, siblings, { config: fc.config, relativePath: fc.relativePath, previous, keep: isTerraformPath(file), cacheSiblings: true, budgetMs: ctx.budgetMs });
      } catch (e) {
        previous?.dispose();
        ctx.logError(`analysis of ${uri} failed`, e);
        result.notices.push({ file, kind: 'internal', message: sanitizeMessage(`analysis failed: ${e instanceof Error ? e.message : String(e)}`) });
      }
    } else previous?.dispose();
    if (result.handle) {
      this.dropParse(uri);
      if (ctx.documents.get(uri)) this.parses.set(uri, result.handle);
      else result.handle.dispose();
      delete result.handle;
    }
    const texts = new Map<string, string>([[file, text]]);
    for (const s of siblings) texts.set(s.path, s.text);
    this.cache.set(uri, { version, stamp, file, findings: result.findings, texts });
    const diagnostics = [...result.findings.map(findingToDiagnostic), ...noticesToDiagnostics(result.notices, result.firstLine)];
    this.retryIfStopped(uri, version, result);
    await ctx.connection.sendDiagnostics({ uri, version, diagnostics });
  }
}

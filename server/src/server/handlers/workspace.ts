/**
 * Workspace scan: every supported file of every workspace folder analysed without being opened
 * (the engine's lintWorkspace: .gitignore, `.awsdp.yaml` include/exclude/ignore, the size limit),
 * plus the editor's `files.exclude` and the `awsdp.include`/`awsdp.exclude` settings. Diagnostics are
 * published for the files that are not open (an open file's come from its own text). The scan runs
 * in small batches and yields to the event loop between them, so typing in an open file is never
 * held up for longer than one batch; it reports window/workDoneProgress and can be cancelled.
 *
 * Once a scan ran, the results are kept current: files created, changed or deleted on disk
 * (workspace/didChangeWatchedFiles) are analysed again, a Terraform file with its whole module
 * directory; a file closed in the editor is analysed again from disk instead of losing its problems;
 * a configuration or .gitignore change scans again.
 */
import { promises as fs, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { FileFilter, isCandidatePath, isTerraformPath, isWalked, lintWorkspace, MAX_FILE_BYTES, parseConfig, type Config, type Engine, type FileResult } from '../../engine/index';
import type { Folder } from '../configs';
import type { ServerContext } from '../context';
import { findingToDiagnostic, noticesToDiagnostics } from '../convert';
import { isInside, pathToUri, relativePosix, uriToPath } from '../paths';

/** Non-Terraform files per batch: small, so the event loop turns often. */
export const SCAN_CHUNK = 8;
/** Watcher events are gathered for this long, then analysed together. */
const WATCH_DELAY_MS = 100;

export interface ScanSummary {
  files: number;
  /** Files with at least one finding. */
  withFindings: number;
  findings: number;
  skippedLarge: number;
  cancelled: boolean;
}

/** `files.exclude` (`{ "**\/.git": true, … }`) as exclude globs; entries that are off, conditional or invalid are left out. */
export function filesExcludeGlobs(setting: unknown): string[] {
  if (!setting || typeof setting !== 'object') return [];
  const out: string[] = [];
  for (const [glob, on] of Object.entries(setting as Record<string, unknown>)) {
    if (on !== true) continue;
    try {
      parseConfig(JSON.stringify({ exclude: [glob] }), 'files.exclude');
      // VS Code's patterns match folders too: `**/hidden` hides what is inside.
      const g = glob.replace(/^\.\//, '').replace(/\/$/, '');
      out.push(g, `${g}/**`);
    } catch {
      // a glob our matcher refuses: not applied
    }
  }
  return out;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class WorkspaceHandler {
  /** Whether a workspace scan ran: from then on unopened files keep their problems current. */
  active = false;
  private running?: Promise<ScanSummary>;
  /** Bumped by every scan request: a scan whose generation is no longer the latest stops. */
  private generation = 0;
  /** URIs of unopened files with published scan diagnostics. */
  private readonly published = new Set<string>();
  private readonly pending = new Set<string>();
  private timer?: NodeJS.Timeout;
  /** The re-analysis of changed files in progress: one at a time, so an older disk state never lands last. */
  private flushing: Promise<void> = Promise.resolve();
  /**
   * Resolves once no open document waits for its analysis (set by the server). The scan waits for it
   * between batches: an open document's analysis reads its module's files from disk, one await per
   * file, and each await used to let one more scan batch run first — an opened Terraform file of a
   * large module got its diagnostics only when the whole scan was done (minutes on a busy machine).
   */
  editorIdle?: () => Promise<void>;

  constructor(private readonly ctx: ServerContext) {}

  /** Between two batches of a scan: a turn of the event loop, then the open documents' analyses first. */
  private readonly between = async (): Promise<void> => {
    await yieldToLoop();
    await this.editorIdle?.();
  };

  /** The whole workspace (again). A scan already running is cancelled; the latest request runs. */
  async scan(): Promise<ScanSummary> {
    const gen = ++this.generation;
    await this.running?.catch(() => undefined);
    if (gen !== this.generation) return { files: 0, withFindings: 0, findings: 0, skippedLarge: 0, cancelled: true };
    const run = this.run(gen);
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  /** Called by a config or .gitignore change: scans again if a scan ran before. */
  rescanIfActive(): void {
    if (this.active) void this.scan().catch((e: unknown) => this.ctx.logError('workspace scan failed', e));
  }

  private async excludeFor(folder: Folder): Promise<string[]> {
    if (!this.ctx.support.configuration) return [];
    try {
      const v = await Promise.race([
        this.ctx.connection.workspace.getConfiguration({ scopeUri: folder.uri, section: 'files.exclude' }),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5000)),
      ]);
      return filesExcludeGlobs(v);
    } catch {
      return [];
    }
  }

  /** The scan's configuration of a folder: its config with files.exclude added. */
  private async folderConfig(folder: Folder): Promise<Config> {
    const fc = await this.ctx.configs.forFolder(folder);
    const extra = await this.excludeFor(folder);
    return extra.length ? { ...fc.config, exclude: [...fc.config.exclude, ...extra] } : fc.config;
  }

  private async run(gen: number): Promise<ScanSummary> {
    const { ctx } = this;
    const engine = await ctx.engineReady;
    await ctx.configReady;
    const summary: ScanSummary = { files: 0, withFindings: 0, findings: 0, skippedLarge: 0, cancelled: false };
    if (!engine) return summary;
    this.active = true;
    const folders = ctx.configs.getFolders();
    let reporter: WorkDoneProgressServerReporter | undefined;
    if (ctx.support.workDoneProgress) {
      try {
        reporter = await ctx.connection.window.createWorkDoneProgress();
        reporter.begin('awsdp: scanning the workspace', 0, `${folders.length} folder${folders.length === 1 ? '' : 's'}`, true);
      } catch {
        reporter = undefined;
      }
    }
    const cancelled = () => gen !== this.generation || !!reporter?.token.isCancellationRequested;
    const seen = new Set<string>();
    const started = Date.now();
    try {
      for (const folder of folders) {
        if (cancelled()) break;
        const config = await this.folderConfig(folder);
        let total = 0;
        const outcome = await lintWorkspace(
          engine,
          { targets: [folder.path], config, root: folder.path, chunk: SCAN_CHUNK },
          {
            onFiles: (files) => (total = files.length),
            between: this.between,
            cancelled,
            onProgress: (done) => reporter?.report(total ? Math.floor((100 * done) / total) : 100, `${path.basename(folder.path)}: ${done}/${total} files`),
            onResults: (results) => {
              const open = this.openPaths();
              for (const r of results) {
                // Nested folders: a file is the innermost folder's.
                if (ctx.configs.folderFor(r.file) !== folder) continue;
                seen.add(pathToUri(r.file));
                this.count(summary, r);
                this.publish(r, open);
              }
            },
          },
        );
        for (const e of outcome.ioErrors) ctx.connection.console.warn(`awsdp: ${relativePosix(folder.path, e.file)}: ${e.reason}`);
        if (outcome.cancelled) summary.cancelled = true;
      }
      if (cancelled()) summary.cancelled = true;
      // Files gone since the last scan lose their problems (a cancelled scan leaves them).
      if (!summary.cancelled) {
        const open = this.openPaths();
        for (const uri of [...this.published]) if (!seen.has(uri)) this.clear(uri, open);
      }
    } finally {
      reporter?.done();
    }
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    ctx.connection.console.info(
      `awsdp: workspace scan ${summary.cancelled ? 'cancelled' : 'done'}: ${summary.files} files analysed in ${secs} s, ${summary.findings} findings in ${summary.withFindings} files` +
        (summary.skippedLarge ? `; ${summary.skippedLarge} file${summary.skippedLarge === 1 ? '' : 's'} skipped: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` : ''),
    );
    return summary;
  }

  private count(summary: ScanSummary, r: FileResult): void {
    if (!r.format) return;
    summary.files++;
    if (r.findings.length) summary.withFindings++;
    summary.findings += r.findings.length;
    if (r.notices.some((n) => n.kind === 'limit' && /larger than/.test(n.message))) summary.skippedLarge++;
  }

  /**
   * The file system paths of the open documents. Compared by path, not by URI text: a client may
   * spell a file's URI otherwise than Node does (VS Code writes `%40` for `@`, `c%3A` for `C:`),
   * and a disk result published under the other spelling would replace the open buffer's diagnostics.
   */
  private openPaths(): Set<string> {
    const open = new Set<string>();
    for (const d of this.ctx.documents.all()) if (d.uri.startsWith('file:')) open.add(uriToPath(d.uri));
    return open;
  }

  /** Publishes a scanned file's diagnostics, unless it is open (its own analysis owns it then). */
  private publish(r: FileResult, open: ReadonlySet<string>): void {
    if (open.has(r.file)) return;
    const uri = pathToUri(r.file);
    const diagnostics: Diagnostic[] = r.format ? [...r.findings.map(findingToDiagnostic), ...noticesToDiagnostics(r.notices, r.firstLine)] : [];
    if (!diagnostics.length && !this.published.has(uri)) return;
    if (diagnostics.length) this.published.add(uri);
    else this.published.delete(uri);
    void this.ctx.connection.sendDiagnostics({ uri, diagnostics });
  }

  private clear(uri: string, open: ReadonlySet<string>): void {
    if (!this.published.has(uri)) return;
    this.published.delete(uri);
    if (!open.has(uriToPath(uri))) void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** A file was opened: its diagnostics now come from the document. */
  opened(uri: string): void {
    this.published.delete(uri);
    if (uri.startsWith('file:')) this.published.delete(pathToUri(uriToPath(uri)));
  }

  /**
   * A file was closed: after a scan it is analysed again from disk (keeping its problems in the
   * Problems panel). Returns whether it will be (else the caller clears its diagnostics).
   */
  closed(uri: string): boolean {
    if (!this.active || !uri.startsWith('file:')) return false;
    const file = uriToPath(uri);
    if (!this.ctx.configs.folderFor(file) || !isCandidatePath(file)) return false;
    // The client shows what the buffer had until the disk result comes: that result is published
    // even when it is empty (a clean file on disk, or one the scan leaves out), or the closed
    // buffer's problems would stay in the Problems panel for good.
    this.published.add(pathToUri(file));
    this.changed([file]);
    return true;
  }

  /** Files created, changed or deleted on disk (paths): analysed again shortly, together. */
  changed(files: readonly string[]): void {
    if (!this.active) return;
    for (const f of files) if (isCandidatePath(f)) this.pending.add(f);
    if (!this.pending.size) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush()).catch((e: unknown) => this.ctx.logError('re-analysing changed files failed', e));
    }, WATCH_DELAY_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.generation++;
  }

  private async exists(p: string): Promise<boolean> {
    try {
      return (await fs.stat(p)).isFile();
    } catch {
      return false;
    }
  }

  private async flush(): Promise<void> {
    const engine = await this.ctx.engineReady;
    if (!engine) return;
    const files = [...this.pending];
    this.pending.clear();
    // Per folder: the files to analyse (a Terraform file brings its module directory).
    const byFolder = new Map<Folder, Set<string>>();
    for (const f of files) {
      const folder = this.ctx.configs.folderFor(f);
      if (!folder) continue;
      let set = byFolder.get(folder);
      if (!set) byFolder.set(folder, (set = new Set()));
      if (isTerraformPath(f)) {
        const dir = path.dirname(f);
        let names: string[] = [];
        try {
          names = readdirSync(dir);
        } catch {
          // the directory is gone
        }
        for (const n of names) if (isTerraformPath(n)) set.add(path.join(dir, n));
        // The changed file itself (deleted: cleared below).
        set.add(f);
      } else set.add(f);
    }
    for (const [folder, set] of byFolder) {
      const config = await this.folderConfig(folder);
      const filter = new FileFilter(config);
      const accept = (p: string) => filter.accepts(relativePosix(folder.path, p));
      const targets: string[] = [];
      for (const f of set) {
        const uri = pathToUri(f);
        if (!(await this.exists(f)) || !isWalked(folder.path, f, { accept }) || !isInside(folder.path, f)) {
          this.clear(uri, this.openPaths());
          continue;
        }
        targets.push(f);
      }
      if (!targets.length) continue;
      await this.analyseFiles(engine, folder, config, targets);
    }
  }

  private async analyseFiles(engine: Engine, folder: Folder, config: Config, targets: string[]): Promise<void> {
    await lintWorkspace(
      engine,
      { targets, config, root: folder.path, chunk: SCAN_CHUNK, workers: false },
      {
        between: this.between,
        onResults: (results) => {
          const open = this.openPaths();
          for (const r of results) this.publish(r, open);
        },
      },
    );
  }
}

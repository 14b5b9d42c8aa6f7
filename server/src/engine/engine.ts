import { detectFormat } from './documents/detect';
import type { ParsedDocument } from './documents/document';
import { initHcl, parseHclDocument } from './documents/hcl';
import { parseJson } from './documents/json';
import { MAX_FILE_BYTES } from './documents/limits';
import { parseYamlDocument } from './documents/yaml';
import { defaultConfig, FileFilter, type Config } from './config';
import { buildCloudFormationModel } from './model/cloudformation';
import { buildIamModel } from './model/iam';
import { buildLinks } from './model/links';
import type { Model, PolicyDocument, Resource } from './model/model';
import { buildTerraformModel } from './model/terraform';
import { allRules } from './rules/index';
import { docsUrl, type Rule } from './rules/rule';
import { Suppressions } from './suppress';
import { LineIndex } from './text';
import type { Finding, Format, Notice, SourceFile } from './types';

export interface FileResult {
  file: string;
  /** Undefined when the file is not one awsdp analyses (ignored quietly). */
  format?: Format;
  findings: Finding[];
  notices: Notice[];
  /** Findings silenced by inline comments or the config file. */
  suppressed: number;
}

export interface AnalyzeOptions {
  config?: Config;
  /** Maps a file path to the path used for config globs (relative to the workspace root). */
  relativePath?: (file: string) => string;
}

function dirOf(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i < 0 ? '.' : p.slice(0, i);
}

/**
 * The language service facade: pure functions from text to findings. The CLI, the language
 * server and the tests all call this. Create it once (it loads the Terraform grammar).
 */
export class Engine {
  private constructor(readonly rules: readonly Rule[]) {}

  static async create(opts: { wasmDir?: string } = {}): Promise<Engine> {
    await initHcl(opts.wasmDir);
    return new Engine(allRules);
  }

  /** Parses one file once. Returns a document with format undefined for files awsdp does not analyse. */
  parse(file: SourceFile): ParsedDocument | undefined {
    const { path } = file;
    let { text } = file;
    if (text.charCodeAt(0) === 0xfeff) text = ' ' + text.slice(1); // BOM: keep offsets, drop the mark
    const format = detectFormat(path, text);
    if (!format) return undefined;
    const lines = new LineIndex(text);
    const base: ParsedDocument = { path, text, format, lines, comments: [], notices: [] };
    if (text.length > MAX_FILE_BYTES) {
      base.notices.push({ file: path, kind: 'limit', message: `file skipped: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` });
      return base;
    }
    if (format === 'terraform') return parseHclDocument(path, text, lines);
    // `.template` files (CloudFormation's old extension) hold either JSON or YAML: look at the first character.
    const isYaml = /\.ya?ml$/i.test(path) || (/\.template$/i.test(path) && !/^\s*[{[]/.test(text.slice(0, 1000)));
    if (isYaml) {
      const y = parseYamlDocument(path, text, lines);
      return { ...base, root: y.roots[0], roots: y.roots, comments: y.comments, notices: y.notices };
    }
    const j = parseJson(text, path, lines);
    return { ...base, root: j.root, comments: j.comments, notices: j.notices };
  }

  /** Builds the shared model from parsed documents (all files of one Terraform module, or one template). */
  buildModel(docs: ParsedDocument[]): Model {
    const resources: Resource[] = [];
    const policies: PolicyDocument[] = [];
    const tf: ParsedDocument[] = [];
    for (const d of docs) {
      if (d.format === 'terraform' || d.format === 'terraform-json') {
        tf.push(d);
        continue;
      }
      const part = d.format === 'cloudformation' ? buildCloudFormationModel(d) : buildIamModel(d);
      resources.push(...part.resources);
      policies.push(...part.policies);
    }
    if (tf.length) {
      const part = buildTerraformModel(tf);
      resources.push(...part.resources);
      policies.push(...part.policies);
    }
    return { files: docs.map((d) => d.path), resources, policies, links: buildLinks(resources) };
  }

  /**
   * Analyses files. Terraform files are grouped by directory (a module is a directory) so that
   * references across the module's files resolve; each other file stands alone.
   */
  analyze(files: SourceFile[], opts: AnalyzeOptions = {}): FileResult[] {
    const results: FileResult[] = [];
    const modules = new Map<string, ParsedDocument[]>();
    for (const f of files) {
      const doc = this.safeParse(f, results);
      if (!doc) continue;
      if (doc.format === 'terraform' || doc.format === 'terraform-json') {
        const dir = dirOf(doc.path);
        let m = modules.get(dir);
        if (!m) modules.set(dir, (m = []));
        m.push(doc);
      } else results.push(...this.analyzeDocs([doc], opts));
    }
    for (const docs of modules.values()) results.push(...this.analyzeDocs(docs, opts));
    return results;
  }

  /**
   * Analyses one document (the one open in an editor), with the other files of its Terraform
   * module as context. Only the findings of `file` are returned.
   */
  analyzeDocument(file: SourceFile, moduleFiles: SourceFile[] = [], opts: AnalyzeOptions = {}): FileResult {
    const pre: FileResult[] = [];
    const doc = this.safeParse(file, pre);
    if (!doc) return pre[0] ?? { file: file.path, findings: [], notices: [], suppressed: 0 };
    const docs = [doc];
    if (doc.format === 'terraform' || doc.format === 'terraform-json') {
      for (const m of moduleFiles) {
        if (m.path === file.path) continue;
        const d = this.safeParse(m, []);
        if (d && (d.format === 'terraform' || d.format === 'terraform-json')) docs.push(d);
      }
    }
    return this.analyzeDocs(docs, opts).find((r) => r.file === file.path)!;
  }

  private safeParse(f: SourceFile, results: FileResult[]): ParsedDocument | undefined {
    try {
      const doc = this.parse(f);
      if (!doc) results.push({ file: f.path, findings: [], notices: [], suppressed: 0 });
      return doc;
    } catch (e) {
      results.push({ file: f.path, findings: [], notices: [internalNotice(f.path, e)], suppressed: 0 });
      return undefined;
    }
  }

  private analyzeDocs(docs: ParsedDocument[], opts: AnalyzeOptions): FileResult[] {
    const byFile = new Map<string, FileResult>();
    for (const d of docs) byFile.set(d.path, { file: d.path, format: d.format, findings: [], notices: [...d.notices], suppressed: 0 });
    let model: Model;
    try {
      model = this.buildModel(docs);
    } catch (e) {
      for (const r of byFile.values()) r.notices.push(internalNotice(r.file, e));
      return [...byFile.values()];
    }
    const config = opts.config ?? defaultConfig();
    const filter = new FileFilter(config);
    const rel = opts.relativePath ?? ((p: string) => p);
    const docByPath = new Map(docs.map((d) => [d.path, d]));
    const suppressions = new Map<string, Suppressions>();
    const supp = (file: string) => {
      let s = suppressions.get(file);
      if (!s) {
        s = new Suppressions(docByPath.get(file)!, model);
        suppressions.set(file, s);
        byFile.get(file)?.notices.push(...s.notices);
      }
      return s;
    };
    for (const rule of this.rules) {
      const setting = config.rules[rule.meta.id] ?? config.rules[rule.meta.name] ?? rule.meta.defaultSeverity;
      if (setting === 'off') continue;
      try {
        rule.check({
          model,
          document: (f) => docByPath.get(f),
          report: (r) => {
            const res = byFile.get(r.file);
            const doc = docByPath.get(r.file);
            if (!res || !doc) return;
            if (supp(r.file).isSuppressed(rule.meta.id, rule.meta.name, r.span) || filter.ignores(rel(r.file), rule.meta.id, rule.meta.name)) {
              res.suppressed++;
              return;
            }
            res.findings.push({
              ruleId: rule.meta.id,
              ruleName: rule.meta.name,
              category: rule.meta.category,
              severity: setting,
              message: r.message,
              file: r.file,
              span: r.span,
              range: doc.lines.range(r.span),
              docsUrl: docsUrl(rule.meta),
              fixes: r.fixes ?? [],
            });
          },
        });
      } catch (e) {
        for (const r of byFile.values()) r.notices.push(internalNotice(r.file, e, rule.meta.id));
      }
    }
    for (const r of byFile.values()) {
      supp(r.file);
      r.findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
    }
    return [...byFile.values()];
  }
}

function internalNotice(file: string, e: unknown, ruleId?: string): Notice {
  const msg = e instanceof Error ? e.message : String(e);
  return { file, kind: 'internal', message: `${ruleId ? `rule ${ruleId} ` : ''}failed on this file: ${msg.split('\n')[0]}` };
}

/**
 * "Suppress with reason": the edit that silences one finding, in the syntax the file allows
 * (see suppress.ts for what the engine reads):
 *
 *   - YAML and Terraform: `# awsdp-ignore DP201: reason` on a line of its own above the finding
 *     (or, when a comment cannot go there, above the resource; last, `awsdp-ignore-file` at the top);
 *   - CloudFormation JSON: `Metadata.awsdp.ignore` on the resource (or the template);
 *   - plain policy JSON and `.tf.json`: an `ignore:` entry in `.awsdp.yaml` for the file.
 *
 * Every candidate edit is checked by analysing the edited text: it is offered only if the finding
 * is gone and the file parses as well as before (a comment line inside a YAML block scalar or a
 * Terraform heredoc would be text, not a comment).
 */
import { modify, applyEdits as applyJsonEdits, parseTree, findNodeAtLocation, type FormattingOptions } from 'jsonc-parser';
import { isDocument, isMap, isSeq, parseDocument } from 'yaml';
import type { AnalyzeOptions, Engine, FileResult } from './engine';
import { applyEdits, type SpanEdit } from './fixes/apply';
import { isYamlSyntax } from './documents/detect';
import type { Finding, SourceFile } from './types';

export interface SuppressionEdit {
  /** What the edit does, for a code action title. */
  title: string;
  /** Edits of the finding's own file. */
  edits?: SpanEdit[];
  /** Or the configuration file's new full text (`created`: it does not exist yet). */
  config?: { file: string; text: string; created: boolean };
}

export interface SuppressOptions extends AnalyzeOptions {
  /** The configuration file a JSON suppression goes to, with its text when it exists. */
  configFile?: { path: string; text?: string };
}

/**
 * A reason on one line (a line break would end the comment). Empty when none is given: the
 * directive is then written without one, and the engine's notice asks for it.
 */
export function cleanReason(reason: string | undefined): string {
  return (reason ?? '')
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

/** What a config `ignore:` entry says when no reason was given (the config file requires one). */
export const REASON_TO_WRITE = 'TODO: say why this finding is acceptable';

const directive = (id: string, reason: string, file = false) => `awsdp-ignore${file ? '-file' : ''} ${id}${reason ? `: ${reason}` : ''}`;

const problems = (r: FileResult) => r.notices.filter((n) => n.kind === 'parse-error' || n.kind === 'internal').length;
const countRule = (r: FileResult, ruleId: string) => r.findings.filter((f) => f.ruleId === ruleId).length;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** Escapes glob characters of a path (config `files:` globs read `\x` as x). */
function globEscape(p: string): string {
  return p.replace(/[*?[\]{}\\!]/g, (c) => `\\${c}`);
}

export function suppressionEdit(engine: Engine, file: SourceFile, moduleFiles: SourceFile[], finding: Finding, reasonText: string | undefined, opts: SuppressOptions = {}): SuppressionEdit | undefined {
  const reason = cleanReason(reasonText);
  const before = engine.analyzeDocument(file, moduleFiles, opts);
  const n0 = countRule(before, finding.ruleId);
  const p0 = problems(before);
  const works = (text: string) => {
    const r = engine.analyzeDocument({ path: file.path, text }, moduleFiles, opts);
    return countRule(r, finding.ruleId) < n0 && problems(r) <= p0;
  };
  const format = before.format;
  const yaml = format === 'cloudformation' && isYamlSyntax(file.path, file.text);
  if (format === 'terraform' || format === 'aws-config' || yaml) return commentEdit(engine, file, moduleFiles, finding, reason, works);
  if (format === 'cloudformation') return metadataEdit(engine, file, finding, reason, works);
  if (format === 'iam-json' || format === 'terraform-json') return configEdit(engine, finding, reason, opts);
  return undefined;
}

function commentEdit(engine: Engine, file: SourceFile, moduleFiles: SourceFile[], finding: Finding, reason: string, works: (t: string) => boolean): SuppressionEdit | undefined {
  const { text } = file;
  const starts = lineStarts(text);
  const eol = eolOf(text);
  const at = (line: number, directive: string): SpanEdit => {
    const start = starts[line];
    const indent = /^[ \t]*/.exec(text.slice(start, start + 200))![0];
    return { span: { start, end: start }, newText: `${indent}# ${directive}${eol}` };
  };
  const id = finding.ruleId;
  const candidates: { title: string; edit: SpanEdit }[] = [{ title: `Suppress ${id} on this line`, edit: at(finding.range.start.line, directive(id, reason)) }];
  // Above the enclosing resource or block.
  const doc = engine.parse(file);
  if (doc) {
    const docs = [doc, ...moduleFiles.map((m) => engine.parse(m)).filter((d): d is NonNullable<typeof d> => !!d && (d.format === 'terraform' || d.format === 'terraform-json'))];
    try {
      const model = engine.buildModel(docs);
      const res = [...model.resources, ...(model.providers ?? [])].filter((r) => r.file === file.path && r.span.start <= finding.span.start && finding.span.start < r.span.end).sort((a, b) => b.span.start - a.span.start)[0];
      if (res) {
        const line = doc.lines.positionAt(res.span.start).line;
        if (line !== finding.range.start.line) candidates.push({ title: `Suppress ${id} for ${res.id}`, edit: at(line, directive(id, reason)) });
      }
    } finally {
      doc.handle?.dispose();
    }
  }
  candidates.push({ title: `Suppress ${id} in this file`, edit: { span: { start: 0, end: 0 }, newText: `# ${directive(id, reason, true)}${eol}` } });
  for (const c of candidates) if (works(applyEdits(text, [c.edit]))) return { title: c.title, edits: [c.edit] };
  return undefined;
}

function formatting(text: string): FormattingOptions {
  const eol = eolOf(text);
  const m = /\n([ \t]+)\S/.exec(text);
  if (m && m[1].startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: m ? Math.min(m[1].length, 8) : 2, eol };
}

function metadataEdit(engine: Engine, file: SourceFile, finding: Finding, reason: string, works: (t: string) => boolean): SuppressionEdit | undefined {
  const { text } = file;
  const tree = parseTree(text);
  if (!tree) return undefined;
  const entry = reason ? { rule: finding.ruleId, reason } : { rule: finding.ruleId };
  // The resource holding the finding (a property of `Resources` whose value spans it).
  const resources = findNodeAtLocation(tree, ['Resources']);
  let base: (string | number)[] = [];
  let title = `Suppress ${finding.ruleId} in this template (Metadata)`;
  for (const prop of resources?.type === 'object' ? (resources.children ?? []) : []) {
    const value = prop.children?.[1];
    const key = prop.children?.[0]?.value;
    if (value && typeof key === 'string' && value.offset <= finding.span.start && finding.span.start < value.offset + value.length) {
      base = ['Resources', key];
      title = `Suppress ${finding.ruleId} for ${key} (Metadata)`;
    }
  }
  const ignorePath = [...base, 'Metadata', 'awsdp', 'ignore'];
  const existing = findNodeAtLocation(tree, ignorePath);
  if (existing && existing.type !== 'array') return undefined;
  const edits = existing
    ? modify(text, [...ignorePath, -1], entry, { formattingOptions: formatting(text), isArrayInsertion: true })
    : modify(text, ignorePath, [entry], { formattingOptions: formatting(text) });
  if (!edits.length) return undefined;
  const next = applyJsonEdits(text, edits);
  if (!works(next)) return undefined;
  return { title, edits: edits.map((e) => ({ span: { start: e.offset, end: e.offset + e.length }, newText: e.content })) };
}

function configEdit(engine: Engine, finding: Finding, given: string, opts: SuppressOptions): SuppressionEdit | undefined {
  const reason = given || REASON_TO_WRITE;
  const cf = opts.configFile;
  if (!cf) return undefined;
  const rel = opts.relativePath ? opts.relativePath(finding.file) : finding.file;
  if (rel.startsWith('../') || rel.startsWith('/')) return undefined;
  const item = { files: globEscape(rel), rules: [finding.ruleId], reason };
  const itemText = (eol: string) =>
    `  - files: ${JSON.stringify(item.files)}${eol}    rules: [${finding.ruleId}]${eol}    reason: ${JSON.stringify(reason)}${eol}`;
  let text: string;
  if (cf.text === undefined || cf.text.trim() === '') {
    text = `ignore:\n${itemText('\n')}`;
  } else {
    const eol = eolOf(cf.text);
    const doc = parseDocument(cf.text);
    if (!isDocument(doc) || doc.errors.length) return undefined;
    const contents = doc.contents;
    if (contents !== null && !isMap(contents)) return undefined;
    const ignore = isMap(contents) ? contents.get('ignore', true) : undefined;
    if (ignore === undefined) {
      const sep = cf.text.endsWith('\n') || cf.text.endsWith('\r') ? '' : eol;
      text = `${cf.text}${sep}ignore:${eol}${itemText(eol)}`;
    } else if (isSeq(ignore)) {
      ignore.add(doc.createNode(item));
      text = doc.toString();
    } else return undefined;
  }
  try {
    engine.parseConfig(text, cf.path);
  } catch {
    return undefined;
  }
  return { title: `Suppress ${finding.ruleId} for this file in ${cf.path.replace(/^.*[\\/]/, '')}`, config: { file: cf.path, text, created: cf.text === undefined } };
}

import type { ParsedDocument } from './documents/document';
import type { Model } from './model/model';
import { resourceMetadata } from './model/cloudformation';
import { quoteSource } from './redact';
import type { Notice, Span } from './types';
import { asList, get, isObject, scalarString, type VNode } from './value';

export interface ParsedDirective {
  /** `awsdp-ignore-file` (the whole file) rather than `awsdp-ignore`. */
  file: boolean;
  /** Rule ids or names, as written. */
  rules: string[];
  /** The text after the colon, if any. */
  reason?: string;
}

const RULE_LIST_CHAR = /^[A-Za-z0-9_, \t-]*$/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * Reads `awsdp-ignore DP201, DP202: reason` or `awsdp-ignore-file DP201: reason` from a comment's
 * text; undefined when the comment is not a directive. A scan, not a regular expression with
 * several adjacent blank-matching parts: those backtrack polynomially on a long run of blanks.
 */
export function parseDirective(comment: string): ParsedDirective | undefined {
  const t = comment.trimStart();
  if (!t.startsWith('awsdp-ignore')) return undefined;
  let rest = t.slice('awsdp-ignore'.length);
  const file = rest.startsWith('-file') && (rest.length === 5 || /[ \t:]/.test(rest[5]));
  if (file) rest = rest.slice(5);
  const colon = rest.indexOf(':');
  const head = colon >= 0 ? rest.slice(0, colon) : rest;
  const reason = colon >= 0 ? rest.slice(colon + 1) : undefined;
  // The rule list is blank or starts with a blank; the reason stays on the comment's line.
  if (head && head[0] !== ' ' && head[0] !== '\t') return undefined;
  if (!RULE_LIST_CHAR.test(head) || (reason !== undefined && LINE_BREAK.test(reason))) return undefined;
  return { file, rules: head.split(/[\s,]+/).filter(Boolean), reason: reason?.replace(/^[ \t]+/, '') };
}

/** A rule id as users write them (DP201, or a mistyped DP2O1): shown as written in notices. */
const RULE_ID_SHAPE = /^[A-Za-z]{1,4}[0-9][A-Za-z0-9]{0,5}$/;
const RULE_NAME_SHAPE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+){0,10}$/;

function ruleToken(r: string): string {
  return (RULE_ID_SHAPE.test(r) && r.length <= 10) || (RULE_NAME_SHAPE.test(r) && r.length <= 64) ? `"${r}"` : quoteSource(r);
}

interface Directive {
  rules: Set<string>;
  /** Line the directive applies to (-1 for the whole file). */
  line: number;
}

/**
 * Inline suppressions of one file: `# awsdp-ignore DP201: reason` comments (YAML, HCL; `//` in
 * JSON with comments) and, for CloudFormation, `Metadata: {awsdp: {ignore: [{rule, reason}]}}`
 * on a resource or on the template.
 *
 * A directive at the end of a line applies to that line. On a line of its own, it applies to the
 * next line, and to the whole resource or block that starts there.
 */
export class Suppressions {
  readonly notices: Notice[] = [];
  private readonly directives: Directive[] = [];
  /** Spans (resources) fully suppressed for a rule set. */
  private readonly spans: { span: Span; rules: Set<string> }[] = [];
  private commentLines?: Set<number>;

  constructor(
    private readonly doc: ParsedDocument,
    model: Model,
    /** Ids and names of the engine's rules: a directive naming another rule gets a notice. */
    known: ReadonlySet<string>,
  ) {
    // The file's resources, listed only when something here needs them (comments, a template).
    let own: Model['resources'] | undefined;
    const resources = () => (own ??= model.resources.filter((r) => r.file === doc.path));
    for (const c of doc.comments) {
      const m = parseDirective(c.text);
      if (!m) continue;
      const rules = new Set(m.rules);
      if (rules.size === 0) {
        this.note(c.span, 'awsdp-ignore names no rule: write "awsdp-ignore DP201: reason"');
        continue;
      }
      for (const r of rules) if (!known.has(r)) this.note(c.span, `awsdp-ignore names an unknown rule ${ruleToken(r)}`);
      if (!m.reason?.trim()) this.note(c.span, `awsdp-ignore ${[...rules].map((r) => (known.has(r) ? r : ruleToken(r))).join(', ')} has no reason: add one after a colon`);
      if (m.file) {
        this.directives.push({ rules, line: -1 });
        continue;
      }
      const line = this.targetLine(c.span);
      this.directives.push({ rules, line });
      for (const r of resources()) if (doc.lines.positionAt(r.span.start).line === line) this.spans.push({ span: r.span, rules });
    }
    // CloudFormation Metadata (the only way to suppress in JSON templates).
    if (doc.format === 'cloudformation') {
      const fileRules = this.metadataRules(get(doc.root, 'Metadata'));
      if (fileRules) this.directives.push({ rules: fileRules, line: -1 });
      // (A loop over the model's resources, not a list of the file's: a template has thousands.)
      for (const r of model.resources) {
        if (r.file !== doc.path) continue;
        const rules = this.metadataRules(resourceMetadata(r));
        if (rules) this.spans.push({ span: r.span, rules });
      }
    }
  }

  isSuppressed(ruleId: string, ruleName: string, span: Span): boolean {
    // Most files have no suppression at all: no line lookup for each finding then.
    if (!this.directives.length && !this.spans.length) return false;
    return this.suppresses(ruleId, ruleName, span);
  }

  /** isSuppressed for a file with suppressions (apart: no closure context is made for the common case above). */
  private suppresses(ruleId: string, ruleName: string, span: Span): boolean {
    const has = (s: Set<string>) => s.has(ruleId) || s.has(ruleName);
    const line = this.doc.lines.positionAt(span.start).line;
    for (const d of this.directives) if ((d.line === -1 || d.line === line) && has(d.rules)) return true;
    for (const s of this.spans) if (span.start >= s.span.start && span.start < s.span.end && has(s.rules)) return true;
    return false;
  }

  /** The line a comment applies to: its own if code precedes it, else the next line holding code. */
  private targetLine(span: Span): number {
    const { lines, text } = this.doc;
    const line = lines.positionAt(span.start).line;
    const before = text.slice(lines.lineStart(line), span.start);
    if (before.trim() !== '') return line;
    const commentLines = (this.commentLines ??= new Set(this.doc.comments.map((c) => lines.positionAt(c.span.start).line)));
    for (let l = line + 1; l < lines.lineCount; l++) {
      const t = lines.lineText(l).trim();
      if (t !== '' && !commentLines.has(l)) return l;
    }
    return line;
  }

  /** The rules a `Metadata: {awsdp: {ignore: …}}` names; undefined when it names none. */
  private metadataRules(meta: VNode | undefined): Set<string> | undefined {
    const ignore = get(get(meta, 'awsdp'), 'ignore');
    if (!ignore) return undefined;
    const rules = new Set<string>();
    for (const item of asList(ignore)) {
      if (!isObject(item)) {
        this.note(item.span, 'Metadata awsdp.ignore items must be {rule, reason}');
        continue;
      }
      const ids = asList(get(item, 'rule') ?? get(item, 'rules'))
        .map(scalarString)
        .filter((x): x is string => !!x);
      if (!ids.length) this.note(item.span, 'Metadata awsdp.ignore item names no rule');
      if (!scalarString(get(item, 'reason'))?.trim()) this.note(item.span, 'Metadata awsdp.ignore item has no reason');
      ids.forEach((i) => rules.add(i));
    }
    return rules.size ? rules : undefined;
  }

  private note(span: Span, message: string): void {
    this.notices.push({ file: this.doc.path, kind: 'config', message, span, range: this.doc.lines.range(span) });
  }
}

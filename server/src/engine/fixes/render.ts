/**
 * The engine's side of fix operations: a rule's `FixSpec` (fixes/ops.ts) becomes a `Fix` of text
 * edits, each operation rendered in the dialect and style of the file it edits. A fix whose
 * operations cannot all be rendered (or whose edits would overlap) is dropped.
 */
import { isExactJsonTextNode, textLocationOf } from '../model/json-text';
import type { Condition, PolicyDocument, Slot, Statement } from '../model/model';
import { repetitionOf, writtenSpanOf } from '../model/settings';
import type { Fix, Span, TextEdit } from '../types';
import { RenderContext, syntaxOf, type FixDocument, type Syntax } from './context';
import { openEmbedded, type EmbeddedPolicy } from './embedded';
import { addConditionHcl, addInputHcl, insertResourceHcl, insertStatementHcl, removeValueHcl, replaceStringHcl, setConditionOperatorHcl, setValueHcl } from './hcl';
import { addConditionJson, addInputJson, addPolicyDocumentConditionJson, insertPolicyDocumentStatementJson, insertResourceJson, insertStatementJson, removeValueJson, replaceStringJson, setConditionOperatorJson, setValueJson } from './json';
import { removeValueIni, replaceStringIni, setValueIni } from './ini';
import { escapeTemplate, Expr, isLoweredMap, isMap, type Lowered } from './lower';
import type { FixOp, FixSpec, NeutralValue } from './ops';
import { addConditionYaml, addInputYaml, insertResourceYaml, insertStatementYaml, removeValueYaml, replaceStringYaml, setConditionOperatorYaml, setValueYaml } from './yaml';
import type { VNode } from '../value';

export type { FixDocument } from './context';

/** Documents by path, as the engine holds them for one analysis. */
export type DocumentLookup = (file: string) => FixDocument | undefined;

/** The edits of one fix inside one embedded JSON string, written back together at the end of the fix. */
interface OpenString {
  file: string;
  open: EmbeddedPolicy;
  edits: TextEdit[];
}

class Renderer {
  private readonly contexts = new Map<string, RenderContext>();
  /** Embedded JSON strings edited by the fix being rendered (several operations may edit one string). */
  private readonly strings = new Map<string, OpenString>();

  constructor(private readonly docs: DocumentLookup) {}

  context(file: string, syntax?: Syntax): RenderContext | undefined {
    const doc = this.docs(file);
    if (!doc) return undefined;
    const s = syntax ?? syntaxOf(doc);
    const key = `${s}\0${file}`;
    let ctx = this.contexts.get(key);
    if (!ctx) this.contexts.set(key, (ctx = new RenderContext(doc, s)));
    return ctx;
  }

  /** A policy operation, on the policy's own text or on the JSON string that holds it. */
  private policyOp(doc: PolicyDocument, run: (ctx: RenderContext, policy: PolicyDocument, map: Mapper) => TextEdit[] | undefined): TextEdit[] | undefined {
    if (doc.node.embedded || doc.statementContainer?.embedded) {
      const key = `${doc.file}\0${doc.node.span.start}`;
      let str = this.strings.get(key);
      if (!str) {
        const file = this.docs(doc.file);
        const open = file && openEmbedded(file, doc);
        if (!open) return undefined;
        this.strings.set(key, (str = { file: doc.file, open, edits: [] }));
      }
      const edits = run(str.open.ctx, str.open.policy, new Mapper(doc, str.open.policy));
      if (!edits) return undefined;
      for (const e of edits) str.edits.push(e);
      return []; // written back by finishStrings
    }
    const ctx = this.context(doc.file, doc.dialect === 'hcl-policy-document' ? (doc.resource?.dialect ?? 'hcl') : doc.dialect);
    return ctx && run(ctx, doc, new Mapper(doc, doc));
  }

  /**
   * A value set inside JSON held as text (model/json-text.ts): only a string that Terraform reads
   * as a template there (a reference, `"${var.x}"`), written in place of a string the file writes
   * verbatim. Anything else is withheld.
   */
  private setInJsonText(slot: Slot, v: NeutralValue): TextEdit[] | undefined {
    const n = slot.node;
    const doc = this.docs(slot.file);
    if (!n || n.kind !== 'string' || typeof n.value !== 'string' || !doc || (doc.format !== 'terraform' && doc.format !== 'terraform-json')) return undefined;
    const ctx = this.context(slot.file, 'json');
    const value = ctx?.lower(v);
    if (!ctx || typeof value !== 'string' || !/^\$\{[^"\\]*\}$/.test(value)) return undefined;
    const span = textLocationOf(n, 0, n.value.length, ctx.text);
    return span && span.end > span.start ? [{ span, newText: value }] : undefined;
  }

  /** Starts a fix: no embedded string is open. */
  beginFix(): void {
    if (this.strings.size) this.strings.clear();
  }

  /** The edits that write back each embedded string the fix changed; undefined when its edits overlap. */
  finishStrings(): { file: string; edit: TextEdit }[] | undefined {
    const out: { file: string; edit: TextEdit }[] = [];
    for (const str of this.strings.values()) {
      const merged = mergeInsertions(str.edits);
      if (overlaps(merged)) return undefined;
      for (const edit of str.open.wrap(merged)) out.push({ file: str.file, edit });
    }
    this.strings.clear();
    return out;
  }

  render(op: FixOp): TextEdit[] | undefined {
    switch (op.op) {
      case 'insertStatement':
        return this.policyOp(op.policy, (ctx, policy) => {
          const stmt = ctx.lower(op.statement);
          if (stmt === undefined) return undefined;
          if (policy.dialect === 'json') return insertStatementJson(ctx, policy, stmt);
          if (ctx.syntax === 'json') return insertPolicyDocumentStatementJson(ctx, policy, stmt);
          if (policy.dialect === 'yaml') return insertStatementYaml(ctx, policy, stmt);
          return insertStatementHcl(ctx, policy, stmt);
        });
      case 'addCondition':
        return this.policyOp(op.policy, (ctx, policy, map) => {
          const s = map.statement(op.statement);
          const values = lowerAll(ctx, op.values);
          if (!s || !values) return undefined;
          if (policy.dialect === 'json') return addConditionJson(ctx, s, op.operator, op.key, values);
          if (ctx.syntax === 'json') return addPolicyDocumentConditionJson(ctx, s, op.operator, op.key, values);
          if (policy.dialect === 'yaml') return addConditionYaml(ctx, s, op.operator, op.key, values);
          return addConditionHcl(ctx, policy, s, op.operator, op.key, values);
        });
      case 'setConditionOperator':
        return this.policyOp(op.policy, (ctx, policy, map) => {
          const c = map.condition(op.condition);
          if (!c) return undefined;
          if (policy.dialect === 'json' || ctx.syntax === 'json') return setConditionOperatorJson(ctx, policy, c, op.operator);
          if (policy.dialect === 'yaml') return setConditionOperatorYaml(ctx, policy, c, op.operator);
          return setConditionOperatorHcl(ctx, policy, c, op.operator);
        });
      case 'setValue': {
        if (op.slot.parent.embedded) return this.setInJsonText(op.slot, op.value);
        const ctx = this.context(op.slot.file, op.slot.dialect);
        const value = ctx?.lower(op.value);
        if (!ctx || value === undefined) return undefined;
        if (op.slot.dialect === 'json') return setValueJson(ctx, op.slot, value);
        if (op.slot.dialect === 'yaml') return setValueYaml(ctx, op.slot, value);
        if (op.slot.dialect === 'ini') return setValueIni(ctx, op.slot, value);
        return setValueHcl(ctx, op.slot, value);
      }
      case 'removeValue': {
        const ctx = this.context(op.slot.file, op.slot.dialect);
        if (!ctx || op.slot.parent.embedded) return undefined;
        if (op.slot.dialect === 'json') return removeValueJson(op.slot);
        if (op.slot.dialect === 'yaml') return removeValueYaml(ctx, op.slot);
        if (op.slot.dialect === 'ini') return removeValueIni(ctx, op.slot);
        return removeValueHcl(ctx, op.slot);
      }
      case 'replaceInString': {
        const ctx = this.context(op.file);
        const n = op.node;
        // A Terraform template (`StringValue.template`): offsets are in its source; only a plain run (a hostname) is replaced.
        if (ctx && n.kind === 'unknown' && !n.intrinsic && (!n.embedded || isExactJsonTextNode(n)) && ctx.syntax !== 'yaml') {
          const at = n.span.start + op.start;
          const end = n.span.start + op.end;
          if (op.start <= 0 || end >= n.span.end || !PLAIN_RUN.test(op.text) || !PLAIN_RUN.test(ctx.text.slice(at, end))) return undefined;
          return [{ span: { start: at, end }, newText: op.text }];
        }
        // A string read from JSON held as text (model/json-text.ts): a plain run the file writes verbatim is replaced in place.
        if (ctx && n.kind === 'string' && n.embedded) {
          const span = textLocationOf(n, op.start, op.end, ctx.text) ?? (ctx.syntax === 'yaml' ? blockScalarRun(ctx.text, n, op.start, op.end) : undefined);
          return span && PLAIN_RUN.test(op.text) ? [{ span, newText: op.text }] : undefined;
        }
        if (!ctx || n.kind !== 'string' || typeof n.value !== 'string' || n.embedded) return undefined;
        if (op.start < 0 || op.end < op.start || op.end > n.value.length) return undefined;
        const value = n.value.slice(0, op.start) + op.text + n.value.slice(op.end);
        if (ctx.syntax === 'hcl') return replaceStringHcl(ctx, n, value);
        if (ctx.syntax === 'ini') return replaceStringIni(ctx, n, value);
        if (ctx.syntax === 'yaml') return replaceStringYaml(ctx, n, value);
        // `.tf.json` strings are templates: a literal `${` is written `$${`. A node read from the file
        // as written (its value is the JSON string itself, `${var.x}` and `$${` kept) keeps its text:
        // only the inserted text is escaped. A node of the model's (template-decoded) is escaped whole.
        if (ctx.doc.format === 'terraform-json') {
          const asWritten = jsonStringAt(ctx.text, n.span) === n.value;
          return replaceStringJson(ctx, n, asWritten ? n.value.slice(0, op.start) + escapeTemplate(op.text) + n.value.slice(op.end) : escapeTemplate(value));
        }
        return replaceStringJson(ctx, n, value);
      }
      case 'insertResource': {
        const near = op.near;
        const syntax: Syntax = near.format === 'terraform' ? 'hcl' : near.dialect;
        const ctx = this.context(near.file, syntax);
        const lowered = ctx?.lower(op.properties);
        if (!ctx || lowered === undefined) return undefined;
        let props: Lowered = lowered;
        if (op.repeatLike) {
          // One instance per instance of the resource it is repeated like, that meta-argument first.
          const like = op.repeatLike;
          const rep = repetitionOf(like);
          if (!rep || (near.format !== 'terraform' && near.format !== 'terraform-json') || like.format !== near.format || !isLoweredMap(lowered)) return undefined;
          const expr = rep === 'count' ? `length(${like.id})` : like.id;
          props = { [rep]: near.format === 'terraform' ? new Expr(expr) : `\${${expr}}`, ...lowered };
        }
        const keyword = op.mode === 'data' ? 'data' : 'resource';
        if (near.format === 'terraform') return insertResourceHcl(ctx, near, op.type, op.name, props, keyword);
        // CloudFormation has no data sources.
        if (near.format === 'cloudformation' && op.mode === 'data') return undefined;
        const body: Lowered = near.format === 'cloudformation' ? cfnResourceBody(op.type, props) : props;
        if (syntax === 'yaml') return insertResourceYaml(ctx, ctx.doc.roots?.[0] ?? ctx.doc.root, near, op.name, body);
        return insertResourceJson(ctx, ctx.doc.root, near, op.type, op.name, near.format === 'cloudformation' ? props : body, keyword);
      }
      case 'addInput': {
        const near = op.near;
        const syntax: Syntax = near.format === 'terraform' ? 'hcl' : near.dialect;
        const ctx = this.context(near.file, syntax);
        if (!ctx || (near.format !== 'cloudformation' && near.format !== 'terraform' && near.format !== 'terraform-json')) return undefined;
        if (near.format === 'terraform') return addInputHcl(ctx, near, op.name, op.sensitive, op.description);
        const body: { [k: string]: Lowered } = {};
        if (near.format === 'cloudformation') {
          if (op.description) body.Description = op.description;
          body.Type = 'String';
          if (op.sensitive) body.NoEcho = true;
        } else {
          if (op.description) body.description = op.description;
          body.type = 'string';
          if (op.sensitive) body.sensitive = true;
        }
        if (syntax === 'yaml') return addInputYaml(ctx, ctx.doc.roots?.[0] ?? ctx.doc.root, op.name, body);
        return addInputJson(ctx, ctx.doc.root, near.format, op.name, body);
      }
    }
  }
}

/** The JSON string written at a span, decoded (undefined when the span holds no JSON string). */
function jsonStringAt(text: string, span: { start: number; end: number }): string | undefined {
  try {
    const v: unknown = JSON.parse(text.slice(span.start, span.end));
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Text that needs no escaping in any syntax and holds no template sequence: a hostname. */
const PLAIN_RUN = /^[A-Za-z0-9.-]+$/;

/**
 * Where a YAML block scalar (`|`, `>`: user data, inline code) writes `[start, end)` of its value,
 * when that part is a plain run (a hostname): block scalars have no escapes, their lines lose only
 * indentation and folding turns line breaks into spaces, so such a run is written as is.
 */
function blockScalarRun(text: string, n: VNode, start: number, end: number): Span | undefined {
  if (n.kind !== 'string' || typeof n.value !== 'string' || (text[n.span.start] !== '|' && text[n.span.start] !== '>') || end > n.value.length) return undefined;
  return PLAIN_RUN.test(n.value.slice(start, end)) ? writtenSpanOf(text, n.span, n.value, start, end) : undefined;
}

function cfnResourceBody(type: string, props: Lowered): Lowered {
  const body: { [k: string]: Lowered } = { Type: type };
  if (!(isMap(props) && Object.keys(props).length === 0)) body.Properties = props;
  return body;
}

function lowerAll(ctx: RenderContext, values: NeutralValue[]): Lowered[] | undefined {
  const out: Lowered[] = [];
  for (const v of values) {
    const l = ctx.lower(v);
    if (l === undefined) return undefined;
    out.push(l);
  }
  return out;
}

/** Maps statements and conditions of the model's policy to a re-read copy of it (same order). */
class Mapper {
  constructor(
    private readonly from: PolicyDocument,
    private readonly to: PolicyDocument,
  ) {}

  statement(s: Statement): Statement | undefined {
    const i = this.from.statements.indexOf(s);
    return i < 0 ? undefined : this.to.statements[i];
  }

  condition(c: Condition): Condition | undefined {
    for (const [i, s] of this.from.statements.entries()) {
      const j = s.conditions.indexOf(c);
      if (j >= 0) return this.to.statements[i]?.conditions[j];
    }
    return undefined;
  }
}

/** Indentation of the first new line an insertion writes (deeper lines must come first at one point). */
function depthOf(e: TextEdit): number {
  const m = /\n([ \t]*)/.exec(e.newText);
  return m ? m[1].length : -1;
}

/**
 * Insertions of several operations at one offset become one edit, deeper lines first (an entry
 * of an inner mapping before one of its parent), so that the result does not depend on the
 * order in which a client applies them.
 */
function mergeInsertions(edits: TextEdit[]): TextEdit[] {
  if (edits.length < 2) return edits;
  const out: TextEdit[] = [];
  const at = new Map<string, TextEdit[]>();
  for (const e of edits) {
    if (e.span.start !== e.span.end) {
      out.push(e);
      continue;
    }
    const k = `${e.file ?? ''}\0${e.span.start}`;
    const l = at.get(k);
    if (l) l.push(e);
    else at.set(k, [e]);
  }
  for (const l of at.values()) {
    const sorted = l.length > 1 ? [...l].sort((a, b) => depthOf(b) - depthOf(a)) : l;
    out.push({ ...sorted[0], newText: sorted.map((e) => e.newText).join('') });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

function overlaps(edits: TextEdit[]): boolean {
  if (edits.length < 2) return false;
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) {
    const k = e.file ?? '';
    const l = byFile.get(k);
    if (l) l.push(e);
    else byFile.set(k, [e]);
  }
  for (const l of byFile.values()) {
    l.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    for (let i = 1; i < l.length; i++) {
      const a = l[i - 1];
      const b = l[i];
      if (b.span.start < a.span.end || (b.span.start === a.span.start && a.span.start === a.span.end && b.span.start === b.span.end)) return true;
    }
  }
  return false;
}

/**
 * Renders fix specs into fixes, for the documents of one analysis. It keeps what it learns about
 * each file's style (indentation, line ending, short forms), so the fixes of many findings in one
 * file look at the text once; it lives as long as the analysis' findings do, never longer.
 */
export class FixRenderer {
  private readonly renderer: Renderer;

  constructor(docs: DocumentLookup) {
    this.renderer = new Renderer(docs);
  }

  /**
   * The fixes of one finding. `file` is the file of the finding: edits in other files say which
   * file they change. Specs that cannot be rendered in full are left out.
   */
  render(specs: readonly FixSpec[], file: string): Fix[] {
    const out: Fix[] = [];
    for (const spec of specs) {
      const edits: TextEdit[] = [];
      let ok = true;
      this.renderer.beginFix();
      for (const op of spec.ops) {
        let e: TextEdit[] | undefined;
        try {
          e = this.renderer.render(op);
        } catch {
          e = undefined;
        }
        if (!e) {
          ok = false;
          break;
        }
        const target = opFile(op);
        for (const x of e) edits.push(target === file ? x : { ...x, file: target });
      }
      const strings = ok ? this.renderer.finishStrings() : undefined;
      if (!strings) ok = false;
      else for (const { file: target, edit } of strings) edits.push(target === file ? edit : { ...edit, file: target });
      const merged = ok ? mergeInsertions(edits) : [];
      if (merged.length && !overlaps(merged)) out.push({ title: spec.title, applicability: spec.applicability, edits: merged });
    }
    return out;
  }
}

/** Renders the fix specs of one finding (see FixRenderer). */
export function renderFixes(specs: readonly FixSpec[], docs: DocumentLookup, file: string): Fix[] {
  return new FixRenderer(docs).render(specs, file);
}

function opFile(op: FixOp): string {
  switch (op.op) {
    case 'insertStatement':
    case 'addCondition':
    case 'setConditionOperator':
      return op.policy.file;
    case 'setValue':
    case 'removeValue':
      return op.slot.file;
    case 'replaceInString':
      return op.file;
    case 'insertResource':
    case 'addInput':
      return op.near.file;
  }
}

import type { Model } from '../model/model';
import type { UserPattern } from './lib/patterns';
import type { FixSpec } from '../fixes/ops';
import type { Category, Format, Severity, Span } from '../types';
import type { Sentence } from '../redact';

export const DOCS_BASE = 'https://github.com/awsdp/aws-data-protection/blob/main/docs/rules/';

export interface RuleMeta {
  /** `DP` + three digits; the hundreds give the category. */
  id: string;
  /** kebab-case, says what is wrong. */
  name: string;
  category: Category;
  defaultSeverity: Severity;
  /** One sentence: what the rule flags. */
  summary: string;
  /** Markdown: why it matters, what AWS says, what counts as compliant. Used for the docs page. */
  description: string;
  /** Whether the rule offers fixes and how safe they are. */
  fix: 'safe' | 'unsafe' | 'none';
  formats: Format[];
  /** Examples for the docs page; each is linted by the tests. */
  examples: { title: string; format: Format; fileName: string; bad: string; good: string }[];
  /** The rule's documentation page; derived by `defineRule` from the id. */
  docsUrl?: string;
}

export interface Report {
  file: string;
  span: Span;
  /** A sentence; one naming values of the file (resource ids) may be tagged with `sentence` (redact.ts): cheaper to mask. */
  message: string | Sentence;
  /**
   * This finding's severity when it differs from the rule's `defaultSeverity` (a weaker variant
   * of the problem). A severity the user sets for the rule in the configuration wins over both.
   */
  severity?: Severity;
  /** Other places that explain the finding (a principal it is about, where a fix would go), each with a short message. */
  related?: { file: string; span: Span; message: string | Sentence }[];
  /**
   * Other places whose suppressions also cover this finding: where it used to be reported, or
   * where the fix goes (a bucket policy, for a finding shown on its bucket). An `awsdp-ignore`
   * written there keeps working.
   */
  alsoSuppressedAt?: { file: string; span: Span }[];
  /**
   * The fixes, as fix operations (fixes/ops.ts). Called only when a front end reads
   * `finding.fixes` (the CLI's JSON and SARIF do, the language server only for code actions):
   * writing fixes costs more than finding the problem. The engine renders the operations in the
   * file's own syntax; a fix whose operations cannot all be rendered is dropped.
   */
  fixes?: () => FixSpec[];
}

export interface RuleContext {
  model: Model;
  report(r: Report): void;
  /** What the project's configuration says beyond rule severities (`fips: required` in `.awsdp.yaml`, `awsdp.fips.required`). */
  project?: { fipsRequired: boolean; sensitivePatterns?: readonly UserPattern[]; minimumTls?: '1.2' | '1.3' };
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function docsUrl(meta: Pick<RuleMeta, 'id' | 'docsUrl'>): string {
  return meta.docsUrl ?? `${DOCS_BASE}${meta.id}.md`;
}

/** Rule ids: `DP` + three digits whose hundreds give the category. */
export const CATEGORY_HUNDREDS: Record<Category, number> = { mfa: 1, 'secure-transport': 2, 'tls-version': 3, 'fips-endpoint': 4, 'sensitive-data': 5 };
const FORMATS: readonly Format[] = ['iam-json', 'cloudformation', 'terraform', 'terraform-json', 'aws-config'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const FIXES: readonly RuleMeta['fix'][] = ['safe', 'unsafe', 'none'];

/** What `defineRule` takes: the metadata without what it derives (`docsUrl`). */
export interface RuleDefinition {
  meta: Omit<RuleMeta, 'docsUrl'>;
  check(ctx: RuleContext): void;
}

/**
 * The problems with a rule's metadata, one sentence each (empty when it is well formed): the id's
 * hundreds match the category, the name is kebab-case, the summary is one sentence, the formats
 * and the fix kind are known, and every declared format has a docs example with bad and good code.
 */
export function metaProblems(meta: Omit<RuleMeta, 'docsUrl'>): string[] {
  const p: string[] = [];
  const m = /^DP(\d)\d\d$/.exec(meta.id ?? '');
  if (!m) p.push(`id "${meta.id}" is not DP followed by three digits`);
  if (!(meta.category in CATEGORY_HUNDREDS)) p.push(`category "${meta.category}" is not one of ${Object.keys(CATEGORY_HUNDREDS).join(', ')}`);
  else if (m && Number(m[1]) !== CATEGORY_HUNDREDS[meta.category]) p.push(`id ${meta.id} does not match category ${meta.category} (expected DP${CATEGORY_HUNDREDS[meta.category]}xx)`);
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(meta.name ?? '')) p.push(`name "${meta.name}" is not kebab-case`);
  if (!SEVERITIES.includes(meta.defaultSeverity)) p.push(`defaultSeverity "${meta.defaultSeverity}" is not one of ${SEVERITIES.join(', ')}`);
  const summary = meta.summary ?? '';
  if (!/^[A-Z`]/.test(summary) || !summary.endsWith('.') || /[.!?]\s+[A-Z`]/.test(summary) || summary.includes('\n'))
    p.push('summary is not one sentence (a capital first, a full stop last, none in between)');
  if (!meta.description?.trim()) p.push('description is empty');
  if (!FIXES.includes(meta.fix)) p.push(`fix "${meta.fix}" is not one of ${FIXES.join(', ')}`);
  const formats = meta.formats ?? [];
  if (formats.length === 0) p.push('formats is empty');
  for (const f of formats) if (!FORMATS.includes(f)) p.push(`format "${f}" is not one of ${FORMATS.join(', ')}`);
  if (new Set(formats).size !== formats.length) p.push('formats lists a format twice');
  const examples = meta.examples ?? [];
  for (const [i, e] of examples.entries()) {
    const which = `example ${i + 1}${e.title ? ` (${e.title})` : ''}`;
    if (!e.title?.trim()) p.push(`${which} has no title`);
    if (!e.fileName?.trim()) p.push(`${which} has no fileName`);
    if (!formats.includes(e.format)) p.push(`${which} is in format ${e.format}, which the rule does not declare`);
    if (!e.bad?.trim()) p.push(`${which} has no bad code`);
    if (!e.good?.trim()) p.push(`${which} has no good code`);
    if (e.bad !== undefined && e.bad === e.good) p.push(`${which}: bad and good are the same`);
  }
  for (const f of formats) if (!examples.some((e) => e.format === f)) p.push(`no docs example for format ${f}`);
  return p;
}

/**
 * Defines a rule: checks its metadata (see metaProblems; throws with every problem at once, when
 * the rule module loads) and derives the docs URL. Every rule module exports `defineRule({...})`.
 */
export function defineRule(def: RuleDefinition): Rule {
  const problems = metaProblems(def.meta);
  if (problems.length) throw new Error(`defineRule(${def.meta.id ?? '?'}): ${problems.join('; ')}`);
  return { meta: { ...def.meta, docsUrl: docsUrl(def.meta) }, check: def.check };
}

/**
 * Source text for docs examples and test cases, written as an indented template literal: the
 * first line break and the common indentation are removed, and the text ends with one line break.
 * Interpolated values are inserted before the indentation is measured. As in any template literal,
 * write `\${` for a literal `${` (Terraform interpolations, `Fn::Sub`).
 *
 *     bad: code`
 *       {
 *         "Version": "2012-10-17"
 *       }
 *     `,
 */
export function code(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = text.replace(/^[ \t]*\r?\n/, '').replace(/\n[ \t]*$/, '\n').split('\n');
  const indent = lines.filter((l) => l.trim()).reduce((m, l) => Math.min(m, /^[ \t]*/.exec(l)![0].length), Infinity);
  const out = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
  let end = out.length;
  while (end > 0 && out[end - 1] === '\n') end--;
  return out.slice(0, end) + '\n';
}

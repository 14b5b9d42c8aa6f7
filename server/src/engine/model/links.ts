import { walk, type VNode } from '../value';
import type { Link, Model, Resource } from './model';
import { OwnerMemo } from './memo';

/**
 * `aws_s3_bucket.b.id`, or `${aws_s3_bucket.b.id}` in a template (also as a whole JSON string in a
 * heredoc, `"${aws_s3_bucket.b.id}"`): one plain reference, nothing around it.
 */
const TRAVERSAL = /^("?)(?:\$\{\s*)?[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)+(?:\s*\})?\1$/;

/**
 * The resource a value is exactly a reference to (CloudFormation `Ref`/`Fn::GetAtt`, a Terraform
 * reference), among the model's resources of the given types (with `fromFile`, preferring the
 * definition in that file). Undefined for anything else: a
 * value built around a reference (`!Sub '${B}-logs'`) names something else.
 */
export function referencedResource(model: Model, n: VNode | undefined, types: ReadonlySet<string>, fromFile?: string): Resource | undefined {
  if (n?.kind !== 'unknown' || n.refs.length !== 1) return undefined;
  if (n.intrinsic ? n.intrinsic !== 'Ref' && n.intrinsic !== 'Fn::GetAtt' : !TRAVERSAL.test(n.reason)) return undefined;
  const same = resourcesById(model).get(n.refs[0]);
  if (!same) return undefined;
  if (!Array.isArray(same)) return types.has(same.type) ? same : undefined;
  // (Loops, not closures: rules ask once per policy.)
  let found: Resource | undefined;
  for (const r of same) {
    if (!types.has(r.type)) continue;
    // An address defined in several files of a directory (not valid Terraform: unrelated examples side
    // by side) is read as the one in the referring file.
    if (!fromFile || r.file === fromFile) return r;
    found ??= r;
  }
  return found;
}

/** One instance of a Terraform resource repeated with `count` / `for_each`, and the key expression that picks it. */
export interface InstanceReference {
  resource: Resource;
  /** As written: `count.index`, `each.key`, `0`, `"a"`. */
  index: string;
}

/** `aws_s3_bucket.b[count.index].id`, `"${aws_s3_bucket.b[0].id}"`: an indexed traversal, nothing around it (the key is trimmed). */
const INDEXED = /^"?(?:\$\{\s*)?([A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_-]*)\[([^[\]{}()*]+)\]\.[A-Za-z_][A-Za-z0-9_-]*(?:\s*\})?"?$/;
/** `element(aws_s3_bucket.b.*.id, count.index)`, `element(aws_s3_bucket.b[*].id, 0)` (the key is trimmed). */
const ELEMENT = /^element\(\s*([A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_-]*)(?:\.\*|\[\*\])\.[A-Za-z_][A-Za-z0-9_-]*\s*,([^[\]{}(),]+)\)$/;
/** `each.value.id`, `"${each.value.bucket}"`. */
const EACH_VALUE = /^"?(?:\$\{\s*)?each\.value(?:\.[A-Za-z_][A-Za-z0-9_-]*)?(?:\s*\})?"?$/;

const isRepeatedResource = (r: Resource) => !!r.properties && r.properties.entries.some((e) => e.key === 'count' || e.key === 'for_each');

/**
 * The instance of a repeated Terraform resource (among `types`) a value is exactly a reference to:
 * `aws_s3_bucket.b[count.index].id`, `aws_s3_bucket.b["a"].arn`, `element(aws_s3_bucket.b.*.id, count.index)`,
 * or `each.value.id` in a resource (`holder`) whose `for_each` is the repeated resource itself
 * (`for_each = aws_s3_bucket.b`; the instance is then `each.key`). Undefined for anything else, and
 * for an index on a resource that is not repeated (Terraform rejects it).
 */
export function instanceReference(model: Model, n: VNode | undefined, types: ReadonlySet<string>, holder?: Resource): InstanceReference | undefined {
  if (n?.kind !== 'unknown' || n.intrinsic) return undefined;
  const pick = (address: string, index: string): InstanceReference | undefined => {
    const same = listOf(resourcesById(model).get(address))?.filter((r) => types.has(r.type) && isRepeatedResource(r));
    const r = same && (same.find((x) => x.file === holder?.file) ?? same[0]);
    return r ? { resource: r, index } : undefined;
  };
  const m = INDEXED.exec(n.reason) ?? ELEMENT.exec(n.reason);
  if (m && m[2].trim()) return pick(m[1], m[2].trim());
  if (EACH_VALUE.test(n.reason) && holder?.properties) {
    const each = holder.properties.entries.find((e) => e.key === 'for_each')?.value;
    // `for_each = aws_s3_bucket.b` (or `"${aws_s3_bucket.b}"`): the repeated resource itself, nothing around it.
    const ref = each?.kind === 'unknown' && !each.intrinsic && each.refs.length === 1 ? each.refs[0] : undefined;
    if (ref && each?.kind === 'unknown' && (each.reason === ref || each.reason === `\${${ref}}` || each.reason === `"\${${ref}}"`)) {
      return pick(ref, 'each.key');
    }
  }
  return undefined;
}

/**
 * Whether an instance key expression (from `instanceReference`) can be written in resource `r`:
 * `count.index` only where `r` has `count`, `each.*` only where it has `for_each`; a literal key anywhere.
 */
export function instanceKeyUsableIn(index: string, r: Resource | undefined): boolean {
  const has = (k: string) => !!r?.properties?.entries.some((e) => e.key === k);
  if (/\bcount\.index\b/.test(index)) return has('count');
  if (/\beach\./.test(index)) return has('for_each');
  return true;
}

/** Resources of one id: the resource itself when it is the only one (nearly always), else a list in model order. */
type SameId = Resource | Resource[];

function listOf(same: SameId | undefined): Resource[] | undefined {
  return same === undefined || Array.isArray(same) ? same : [same];
}

/** The model's resources by id (address), in model order; one index per model (rules ask once per policy). */
function resourcesById(model: Model): Map<string, SameId> {
  const kept = byIdOf.get(model);
  // Rebuilt if the model's resource list was replaced or grew since (tests build models by hand).
  if (kept && kept.resources === model.resources && kept.count === model.resources.length) return kept.byId;
  // No list per id (a template has thousands of resources, ids are unique but for unrelated examples side by side).
  const byId = new Map<string, SameId>();
  const resources = model.resources;
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i];
    const same = byId.get(r.id);
    if (same === undefined) byId.set(r.id, r);
    else if (Array.isArray(same)) same.push(r);
    else byId.set(r.id, [same, r]);
  }
  byIdOf.set(model, { resources, count: resources.length, byId });
  return byId;
}
const byIdOf = new OwnerMemo<Model, { resources: Resource[]; count: number; byId: Map<string, SameId> }>();

/**
 * Resolves references between resources: CloudFormation `Ref`/`GetAtt`/`Sub` (by logical id)
 * and Terraform references (by address), within one template or one Terraform module.
 * Each link records where it is written.
 */
export function buildLinks(resources: Resource[]): Link[] {
  const byId = new Map<string, Resource>();
  for (const r of resources) byId.set(r.id, r);
  const links: Link[] = [];
  for (const from of resources) {
    if (!from.properties) continue;
    for (const e of from.properties.entries) {
      walk(e.value, (n) => {
        if (n.kind !== 'unknown') return;
        for (const ref of n.refs) {
          const to = byId.get(ref);
          if (to && to !== from) links.push({ from, property: e.key, to, span: n.span });
        }
      });
    }
  }
  return links;
}

/** Index of a model's links, for rules that follow them both ways. */
export class LinkIndex {
  private readonly out = new Map<Resource, Link[]>();
  private readonly in = new Map<Resource, Link[]>();
  private readonly byId = new Map<string, Resource>();

  constructor(model: Model) {
    for (const r of model.resources) this.byId.set(r.id, r);
    for (const l of model.links) {
      push(this.out, l.from, l);
      push(this.in, l.to, l);
    }
  }

  /** Links written in `r` (what `r` refers to). */
  from(r: Resource): Link[] {
    return this.out.get(r) ?? [];
  }

  /** Links to `r` (who refers to `r`). */
  to(r: Resource): Link[] {
    return this.in.get(r) ?? [];
  }

  /** The resource a value refers to, when it is a reference to exactly one resource of the model. */
  resolve(n: VNode | undefined): Resource | undefined {
    if (n?.kind !== 'unknown' || n.refs.length !== 1) return undefined;
    return this.byId.get(n.refs[0]);
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

/** Whether any value under `n` refers to the resource `id` (a Terraform address or CloudFormation logical id). */
export function refersTo(n: VNode | undefined, id: string): boolean {
  if (!n) return false;
  let found = false;
  walk(n, (x) => {
    if (!found && x.kind === 'unknown' && x.refs.includes(id)) found = true;
  });
  return found;
}

import { walk, type VNode } from '../value';
import type { Link, Model, Resource } from './model';

/** `aws_s3_bucket.b.id`, or `${aws_s3_bucket.b.id}` in a template: one plain reference, nothing around it. */
const TRAVERSAL = /^(?:\$\{\s*)?[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)+(?:\s*\})?$/;

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
  const found = same.find((r) => types.has(r.type));
  // An address defined in several files of a directory (not valid Terraform: unrelated examples side
  // by side) is read as the one in the referring file.
  if (found && fromFile && found.file !== fromFile) return same.find((r) => types.has(r.type) && r.file === fromFile) ?? found;
  return found;
}

/** The model's resources by id (address), in model order; one index per model (rules ask once per policy). */
function resourcesById(model: Model): Map<string, Resource[]> {
  const kept = byIdOf.get(model);
  // Rebuilt if the model's resource list was replaced or grew since (tests build models by hand).
  if (kept && kept.resources === model.resources && kept.count === model.resources.length) return kept.byId;
  const byId = new Map<string, Resource[]>();
  for (const r of model.resources) {
    const list = byId.get(r.id);
    if (list) list.push(r);
    else byId.set(r.id, [r]);
  }
  byIdOf.set(model, { resources: model.resources, count: model.resources.length, byId });
  return byId;
}
const byIdOf = new WeakMap<Model, { resources: Resource[]; count: number; byId: Map<string, Resource[]> }>();

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

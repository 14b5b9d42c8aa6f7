import type { ParsedDocument } from '../documents/document';
import { buildCloudFormationModel } from './cloudformation';
import { buildIamModel } from './iam';
import { buildLinks } from './links';
import { hclOf } from '../documents/hcl';
import type { Model, ModelPart, Tree } from './model';
import { hasJsonText, jsonTextOf } from './json-text';
import { buildTerraformModel } from './terraform';
import { OwnerMemo, withMemo } from './memo';
import { awsConfigPart } from './aws-config';

/**
 * Builds the shared model from parsed documents: one template or policy file, or all files of one
 * Terraform module directory. With `deadline`, JSON embedded in strings (policies written as JSON
 * text) is parsed under it: DeadlinePassed (budget.ts) is thrown once it has passed.
 */
export function buildModel(docs: ParsedDocument[], deadline?: number): Model {
  const parts: ModelPart[] = [];
  const tf: ParsedDocument[] = [];
  for (const d of docs) {
    if (d.format === 'terraform' || d.format === 'terraform-json') tf.push(d);
    else if (d.format === 'aws-config') parts.push(awsConfigPart()); // profiles are read from its tree (model/aws-config.ts)
    else parts.push(d.format === 'cloudformation' ? buildCloudFormationModel(d, deadline) : buildIamModel(d));
  }
  if (tf.length) parts.push(buildTerraformModel(tf, deadline));
  // One part (one template, one policy, one module): its lists are the model's, not copied.
  const one = parts.length === 1 ? parts[0] : undefined;
  const model = {
    files: docs.map((d) => d.path),
    resources: one ? one.resources : parts.flatMap((p) => p.resources),
    policies: one ? one.policies : parts.flatMap((p) => p.policies),
    providers: one ? (one.providers ?? []) : parts.flatMap((p) => p.providers ?? []),
    modules: one ? (one.modules ?? []) : parts.flatMap((p) => p.modules ?? []),
    inputs: one ? (one.inputs ?? []) : parts.flatMap((p) => p.inputs ?? []),
    locals: one ? (one.locals ?? []) : parts.flatMap((p) => p.locals ?? []),
    outputs: one ? (one.outputs ?? []) : parts.flatMap((p) => p.outputs ?? []),
    mappings: one ? (one.mappings ?? []) : parts.flatMap((p) => p.mappings ?? []),
    conditions: one ? (one.conditions ?? []) : parts.flatMap((p) => p.conditions ?? []),
    trees: docs.map(treeOf),
  } as Omit<Model, 'links'> as Model;
  // JSON held as text in known properties (container definitions...) is read as values of its file.
  const withJsonText = model.resources.filter(hasJsonText);
  if (withJsonText.length)
    for (const [i, t] of model.trees.entries()) {
      const json = jsonTextOf(docs[i], withJsonText, deadline);
      if (json) t.jsonText = json;
    }
  // Links are resolved on first use: rules that do not follow references do not pay for them.
  Object.defineProperty(withMemo(model), 'links', LINKS);
  return model;
}

/** A model's links once resolved. */
const resolvedLinks = new OwnerMemo<Model, Model['links']>();
/**
 * The `links` accessor, one for every model. Getter and setter made per model (closures over it)
 * gave every model a hidden class of its own that kept the model, its documents and their trees
 * alive through minor collections until the next full one, long after the analysis returned.
 */
const LINKS: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: Model) {
    let links = resolvedLinks.get(this);
    if (!links) resolvedLinks.set(this, (links = buildLinks(this.resources)));
    return links;
  },
  set(this: Model, v: Model['links']) {
    resolvedLinks.set(this, v);
  },
};

function treeOf(d: ParsedDocument): Tree {
  if (d.format === 'terraform') return { file: d.path, format: d.format, dialect: 'hcl', roots: (hclOf(d)?.blocks ?? []).map((b) => b.body), text: d.text };
  if (d.format === 'aws-config') return { file: d.path, format: d.format, dialect: 'ini', roots: d.root ? [d.root] : [], text: d.text };
  const roots = d.roots ?? (d.root ? [d.root] : []);
  return { file: d.path, format: d.format, dialect: d.roots ? 'yaml' : 'json', roots, text: d.text };
}

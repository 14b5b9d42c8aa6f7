import type { Model, Resource } from '../../model/model';
import type { VNode } from '../../value';

/** `aws_s3_bucket.b.id`, or `${aws_s3_bucket.b.id}` in a template: one plain reference, nothing around it. */
const TRAVERSAL = /^(?:\$\{\s*)?[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)+(?:\s*\})?$/;

/**
 * The resource a value is exactly a reference to (CloudFormation `Ref`/`Fn::GetAtt`, a Terraform
 * reference), among the model's resources of the given types. Undefined for anything else: a
 * value built around a reference (`!Sub '${B}-logs'`) names something else.
 */
export function referencedResource(model: Model, n: VNode | undefined, types: ReadonlySet<string>): Resource | undefined {
  if (n?.kind !== 'unknown' || n.refs.length !== 1) return undefined;
  if (n.intrinsic ? n.intrinsic !== 'Ref' && n.intrinsic !== 'Fn::GetAtt' : !TRAVERSAL.test(n.reason)) return undefined;
  return model.resources.find((r) => r.id === n.refs[0] && types.has(r.type));
}

/**
 * IAM users, groups and roles across CloudFormation and Terraform: which principals an identity
 * policy applies to, which groups a user is in, which policies reach a user, console users and
 * their MFA devices. Names are matched by reference (`!Ref Alice`, `aws_iam_user.alice.name`) or
 * by literal name; anything that cannot be followed (a name from a parameter, a managed policy
 * ARN outside the model) makes the answer `unseen`, so rules can stay silent.
 */
import { asList, get, type VNode } from '../value';
import type { Model, PolicyDocument, Resource } from './model';

export type PrincipalKind = 'user' | 'group' | 'role';

const KIND_OF_TYPE: Record<string, PrincipalKind> = {
  'AWS::IAM::User': 'user',
  'AWS::IAM::Group': 'group',
  'AWS::IAM::Role': 'role',
  aws_iam_user: 'user',
  aws_iam_group: 'group',
  aws_iam_role: 'role',
};

const NAME_PROPERTY: Record<string, string> = {
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::Role': 'RoleName',
  aws_iam_user: 'name',
  aws_iam_group: 'name',
  aws_iam_role: 'name',
};

/** Types whose policy applies to one principal named by a property (`@self`: the resource itself). */
const POLICY_OWNER: Record<string, { kind: PrincipalKind; property: string }> = {
  'AWS::IAM::User': { kind: 'user', property: '@self' },
  'AWS::IAM::Group': { kind: 'group', property: '@self' },
  'AWS::IAM::Role': { kind: 'role', property: '@self' },
  'AWS::IAM::UserPolicy': { kind: 'user', property: 'UserName' },
  'AWS::IAM::GroupPolicy': { kind: 'group', property: 'GroupName' },
  'AWS::IAM::RolePolicy': { kind: 'role', property: 'RoleName' },
  'AWS::Serverless::Function': { kind: 'role', property: '@none' },
  'AWS::Serverless::StateMachine': { kind: 'role', property: '@none' },
  // Permission sets are assumed as roles (through IAM Identity Center).
  'AWS::SSO::PermissionSet': { kind: 'role', property: '@none' },
  aws_ssoadmin_permission_set_inline_policy: { kind: 'role', property: '@none' },
  aws_iam_user_policy: { kind: 'user', property: 'user' },
  aws_iam_group_policy: { kind: 'group', property: 'group' },
  aws_iam_role_policy: { kind: 'role', property: 'role' },
  aws_iam_role: { kind: 'role', property: '@self' },
};

/** Properties of stand-alone policy resources that list principals. */
const LISTS: Record<string, Partial<Record<PrincipalKind, string>> & { policy?: string }> = {
  'AWS::IAM::Policy': { user: 'Users', group: 'Groups', role: 'Roles' },
  'AWS::IAM::ManagedPolicy': { user: 'Users', group: 'Groups', role: 'Roles' },
  aws_iam_user_policy_attachment: { user: 'user', policy: 'policy_arn' },
  aws_iam_group_policy_attachment: { group: 'group', policy: 'policy_arn' },
  aws_iam_role_policy_attachment: { role: 'role', policy: 'policy_arn' },
  aws_iam_policy_attachment: { user: 'users', group: 'groups', role: 'roles', policy: 'policy_arn' },
};

export interface Attachment {
  /** The kinds of principal the policy is known to apply to. */
  kinds: Set<PrincipalKind>;
  /** Principals of the model it applies to. */
  principals: Set<Resource>;
  /** Some principal is named in a way that cannot be followed (or the policy's attachment is not in sight). */
  unseen: boolean;
}

function literalName(n: VNode | undefined): string | undefined {
  return n && (n.kind === 'string' || n.kind === 'number') ? String(n.value) : undefined;
}

/** The principal's name when written as a literal. */
export function principalName(p: Resource): string | undefined {
  const prop = NAME_PROPERTY[p.type];
  return prop ? literalName(get(p.properties, prop)) : undefined;
}

/** One model is one template or one Terraform module: its principals of a kind. */
function principalsOfKind(model: Model, kind: PrincipalKind): Resource[] {
  return model.resources.filter((r) => KIND_OF_TYPE[r.type] === kind && r.mode !== 'data');
}

/** The principals of a kind a value names (by reference or literal name); `unseen` when one cannot be followed. */
function named(model: Model, n: VNode | undefined, kind: PrincipalKind, _format?: Resource['format']): { found: Resource[]; unseen: boolean } {
  const found: Resource[] = [];
  let unseen = false;
  const candidates = principalsOfKind(model, kind);
  for (const item of asList(n)) {
    if (item.kind === 'unknown') {
      const hit = candidates.filter((c) => item.refs.includes(c.id));
      if (hit.length) for (const h of hit) found.push(h);
      else unseen = true;
      continue;
    }
    const name = literalName(item);
    if (name === undefined) continue;
    const hit = candidates.filter((c) => principalName(c) === name);
    if (hit.length) for (const h of hit) found.push(h);
    else unseen = true;
  }
  return { found, unseen };
}

function nonEmpty(n: VNode | undefined): boolean {
  return asList(n).some((i) => i.kind !== 'null');
}

/** AWS managed policies (`arn:aws:iam::aws:policy/...`) never carry a customer's MFA statement. */
function isAwsManagedArn(n: VNode): boolean {
  if (n.kind === 'string') return /^arn:aws[a-z-]*:iam::aws:policy\//.test(String(n.value));
  if (n.kind !== 'unknown') return false;
  const text = n.intrinsic === 'Fn::Sub' && n.args?.kind === 'string' ? String(n.args.value) : n.reason;
  return /^"?arn:(?:aws[a-z-]*|\$\{[^}]+\}):iam::aws:policy\//.test(text);
}

/** The resource whose property holds or names the policy document. */
function holderOf(doc: PolicyDocument): Resource | undefined {
  return doc.holder ?? doc.resource;
}

/** Who an identity policy applies to. */
export function policyAttachment(doc: PolicyDocument, model: Model): Attachment {
  const out: Attachment = { kinds: new Set(), principals: new Set(), unseen: false };
  const r = holderOf(doc);
  if (!r) {
    out.unseen = true;
    return out;
  }
  const owner = POLICY_OWNER[r.type];
  if (owner) {
    out.kinds.add(owner.kind);
    if (owner.property === '@self') out.principals.add(r);
    else if (owner.property !== '@none') {
      const n = named(model, get(r.properties, owner.property), owner.kind, r.format);
      n.found.forEach((p) => out.principals.add(p));
      out.unseen ||= n.unseen;
    }
    return out;
  }
  const add = (holder: Resource, lists: Partial<Record<PrincipalKind, string>>) => {
    for (const kind of ['user', 'group', 'role'] as const) {
      const prop = lists[kind];
      const v = prop ? get(holder.properties, prop) : undefined;
      if (!prop || !nonEmpty(v)) continue;
      out.kinds.add(kind);
      const n = named(model, v, kind, holder.format);
      n.found.forEach((p) => out.principals.add(p));
      out.unseen ||= n.unseen;
    }
  };
  const lists = LISTS[r.type];
  if (lists && !lists.policy) add(r, lists);
  // Managed policies attached elsewhere: ManagedPolicyArns of users, groups and roles, Terraform attachments.
  if (r.type === 'AWS::IAM::ManagedPolicy' || r.type === 'aws_iam_policy') {
    for (const o of model.resources) {
      const kind = KIND_OF_TYPE[o.type];
      if (kind && o.format === 'cloudformation' && asList(get(o.properties, 'ManagedPolicyArns')).some((n) => n.kind === 'unknown' && n.refs.includes(r.id))) {
        out.kinds.add(kind);
        out.principals.add(o);
      }
      const att = LISTS[o.type];
      if (att?.policy && asList(get(o.properties, att.policy)).some((n) => n.kind === 'unknown' && n.refs.includes(r.id))) add(o, att);
    }
  }
  if (out.kinds.size === 0) out.unseen = true;
  return out;
}

/** The groups a user is in; `unseen` when a group cannot be followed. */
export function groupsOfUser(model: Model, user: Resource): { groups: Resource[]; unseen: boolean } {
  const groups = new Set<Resource>();
  let unseen = false;
  const take = (n: { found: Resource[]; unseen: boolean }) => {
    n.found.forEach((g) => groups.add(g));
    unseen ||= n.unseen;
  };
  if (user.format === 'cloudformation') take(named(model, get(user.properties, 'Groups'), 'group', user.format));
  for (const o of model.resources) {
    if (o.type === 'AWS::IAM::UserToGroupAddition' && named(model, get(o.properties, 'Users'), 'user', o.format).found.includes(user))
      take(named(model, get(o.properties, 'GroupName'), 'group', o.format));
    if (o.type === 'aws_iam_user_group_membership' && named(model, get(o.properties, 'user'), 'user', o.format).found.includes(user))
      take(named(model, get(o.properties, 'groups'), 'group', o.format));
    if (o.type === 'aws_iam_group_membership' && named(model, get(o.properties, 'users'), 'user', o.format).found.includes(user))
      take(named(model, get(o.properties, 'group'), 'group', o.format));
  }
  return { groups: [...groups], unseen };
}

/**
 * The identity policies of the model that apply to a user (directly or through its groups), and
 * whether some policy may apply that the model cannot show (a group or managed policy outside it).
 */
export function policiesOfUser(model: Model, user: Resource): { policies: PolicyDocument[]; unseen: boolean } {
  const { groups, unseen: groupsUnseen } = groupsOfUser(model, user);
  let unseen = groupsUnseen;
  const principals = new Set<Resource>([user, ...groups]);
  const policies = model.policies.filter((d) => d.kind === 'identity' && [...policyAttachment(d, model).principals].some((p) => principals.has(p)));
  // Managed policy ARNs that do not lead to a policy of the model.
  for (const p of principals) {
    if (p.format !== 'cloudformation') continue;
    for (const n of asList(get(p.properties, 'ManagedPolicyArns'))) {
      if (isAwsManagedArn(n)) continue;
      if (n.kind === 'unknown' && model.policies.some((d) => d.resource && n.refs.includes(d.resource.id))) continue;
      unseen = true;
    }
  }
  for (const o of model.resources) {
    const att = LISTS[o.type];
    if (!att?.policy || o.format === 'cloudformation') continue;
    const mine = (['user', 'group'] as const).some((k) => att[k] && named(model, get(o.properties, att[k]!), k, o.format).found.some((p) => principals.has(p)));
    if (!mine) continue;
    const arn = get(o.properties, att.policy);
    if (!arn || isAwsManagedArn(arn)) continue;
    if (arn.kind === 'unknown' && model.policies.some((d) => (d.holder ?? d.resource) && arn.refs.includes((d.holder ?? d.resource)!.id))) continue;
    unseen = true;
  }
  return { policies, unseen };
}

export interface ConsoleUser {
  /** The user, when it is in the model. */
  user?: Resource;
  /** Where the password is set up: the LoginProfile property's key, or the aws_iam_user_login_profile block's labels. */
  file: string;
  span: Resource['idSpan'];
  /** The user's name as written, for messages. */
  name?: string;
  /** The user cannot be followed (a name from a variable, a user outside the module). */
  unseen: boolean;
}

/** Users with a console password: AWS::IAM::User with LoginProfile, aws_iam_user_login_profile. */
export function consoleUsers(model: Model): ConsoleUser[] {
  const out: ConsoleUser[] = [];
  for (const r of model.resources) {
    if (r.type === 'AWS::IAM::User' && r.properties?.kind === 'object') {
      const e = r.properties.entries.find((x) => x.key === 'LoginProfile');
      // A password only known at deploy time (`!If [HasConsole, {...}, !Ref AWS::NoValue]`) may not exist.
      if (!e || e.value.kind === 'null' || e.value.kind === 'unknown') continue;
      out.push({ user: r, file: r.file, span: e.keySpan, name: principalName(r) ?? r.id, unseen: false });
    } else if (r.type === 'aws_iam_user_login_profile' && r.mode === 'resource') {
      const v = get(r.properties, 'user');
      const n = named(model, v, 'user', r.format);
      const name = n.found[0] ? (principalName(n.found[0]) ?? n.found[0].id) : literalName(v);
      out.push({ user: n.found[0], file: r.file, span: r.idSpan, name, unseen: n.found.length === 0 && v?.kind === 'unknown' });
    }
  }
  return out;
}

/** MFA devices of the model created for a user (AWS::IAM::VirtualMFADevice `Users`; a Terraform aws_iam_virtual_mfa_device that names the user). */
export function mfaDevicesOf(model: Model, user: Resource): Resource[] {
  const name = principalName(user);
  return model.resources.filter((o) => {
    if (o.type === 'AWS::IAM::VirtualMFADevice') return named(model, get(o.properties, 'Users'), 'user', o.format).found.includes(user);
    if (o.type !== 'aws_iam_virtual_mfa_device') return false;
    const dev = get(o.properties, 'virtual_mfa_device_name');
    if (dev?.kind === 'unknown') return dev.refs.includes(user.id);
    return name !== undefined && literalName(dev) === name;
  });
}

/**
 * The AWS SDK/CLI shared config and credentials files in the model: profiles and their settings, so
 * that rules read `region` or `use_fips_endpoint` of a profile, never INI syntax.
 *
 * Read from the file's value tree (documents/aws-config.ts: one root entry per section, keyed by the
 * section header's text), as the AWS CLI and SDKs read the files:
 * - config file: `[default]` and `[profile name]` are profiles (`[profile default]` is the default
 *   profile), `[sso-session name]` and `[services name]` are what their names say; any other section
 *   is not a profile for the AWS CLI (botocore) and is kind `other`;
 * - credentials file: every section is a profile, named by the whole header (`[dev]`).
 * A profile written twice in one file is one profile whose later settings win. Setting names are read
 * without regard to case (botocore lower-cases them).
 */
import type { Span } from '../types';
import type { VNode, VObject } from '../value';
import type { Model, ModelPart, Slot, Tree, Val } from './model';
import { OwnerMemo } from './memo';

export type AwsConfigSectionKind = 'profile' | 'sso-session' | 'services' | 'other';

export interface AwsProfile {
  file: string;
  /** `profile` for `[default]`, `[profile name]` and a credentials file's `[name]`; `services`, `sso-session`; `other`: not read by the AWS CLI. */
  kind: AwsConfigSectionKind;
  /** The profile's (section's) name: `default`, `dev`. */
  name: string;
  /** Which file: the shared `config` file or the `credentials` file. */
  source: 'config' | 'credentials';
  /** The name as written between the brackets of its first header: where a finding about the whole profile goes. */
  idSpan: Span;
  /** The sections that define it, in file order (usually one). */
  sections: VObject[];
}

export interface AwsProfileSetting {
  value: Val<string>;
  /** Where the setting is, or would go (after the last section's last setting): for `setValue` and `removeValue`. */
  slot: Slot;
}

/** What an AWS config file adds to the model's lists: nothing; its profiles are read from its tree (awsProfiles). */
export function awsConfigPart(): ModelPart {
  return { resources: [], policies: [] };
}

const profilesOfTree = new OwnerMemo<Tree, AwsProfile[]>();

/** The profiles and other sections of every AWS config and credentials file of the model, in file order. */
export function awsProfiles(model: Model): AwsProfile[] {
  const out: AwsProfile[] = [];
  for (const t of model.trees) {
    if (t.format !== 'aws-config') continue;
    let ps = profilesOfTree.get(t);
    if (!ps) profilesOfTree.set(t, (ps = readProfiles(t)));
    for (const p of ps) out.push(p);
  }
  return out;
}

/** `profile dev` → kind and name, as the file's kind reads the header. */
export function sectionKind(header: string, source: 'config' | 'credentials'): { kind: AwsConfigSectionKind; name: string } {
  if (source === 'credentials') return { kind: 'profile', name: header };
  if (header === 'default') return { kind: 'profile', name: 'default' };
  const m = /^(profile|sso-session|services)[ \t]+(.+)$/.exec(header);
  if (!m) return { kind: 'other', name: header };
  // A quoted name (`[profile "my profile"]`) is read without its quotes, as the AWS SDKs do.
  const q = /^(["'])(.*)\1$/.exec(m[2]);
  return { kind: m[1] as AwsConfigSectionKind, name: q ? q[2] : m[2] };
}

function readProfiles(t: Tree): AwsProfile[] {
  const root = t.roots[0];
  if (!root || root.kind !== 'object') return [];
  const source = /credentials$/i.test(t.file) ? 'credentials' : 'config';
  const byKey = new Map<string, AwsProfile>();
  const out: AwsProfile[] = [];
  for (const e of root.entries) {
    if (e.value.kind !== 'object') continue;
    const { kind, name } = sectionKind(e.key, source);
    const k = `${kind}\0${name}`;
    const p = byKey.get(k);
    if (p) p.sections.push(e.value);
    else {
      const profile: AwsProfile = { file: t.file, kind, name, source, idSpan: e.keySpan, sections: [e.value] };
      byKey.set(k, profile);
      out.push(profile);
    }
  }
  return out;
}

/** A setting of a profile (or services or sso-session section), by name in any case: the last one written wins. */
export function profileSetting(p: AwsProfile, name: string): AwsProfileSetting {
  const lower = name.toLowerCase();
  for (let i = p.sections.length - 1; i >= 0; i--) {
    const sec = p.sections[i];
    for (let j = sec.entries.length - 1; j >= 0; j--) {
      const e = sec.entries[j];
      if (e.key.length !== lower.length || e.key.toLowerCase() !== lower) continue;
      return { value: valueOf(e.value), slot: { file: p.file, dialect: 'ini', parent: sec, path: [e.key], node: e.value } };
    }
  }
  return { value: { state: 'missing' }, slot: { file: p.file, dialect: 'ini', parent: p.sections[p.sections.length - 1], path: [lower] } };
}

/** A setting's value: a string as written, or unknown for a sub-section (`s3 =` and indented lines), which holds no value of its own. */
function valueOf(n: VNode): Val<string> {
  if (n.kind === 'string') return { state: 'literal', value: String(n.value), span: n.span, node: n };
  return { state: 'unknown', span: n.span, node: n };
}

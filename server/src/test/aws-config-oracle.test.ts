/**
 * The AWS config parser against the AWS SDK for JavaScript's own loader (`@smithy/shared-ini-file-loader`,
 * a devDependency used only here): on generated config and credentials files (profiles, sso-session and
 * services sections, sub-sections, comments at line start and after a blank, `#` and `;` inside values,
 * `key=value` and `key = value`, LF and CRLF), the profiles and settings the engine reads are the ones the
 * SDK reads. Known, documented differences are left out of the generated files: an empty value (`key =`
 * with nothing indented below) is an empty string for the engine (so that an editor can fix it) and
 * nothing for the SDK; a lone CR is a line break for the engine (as for botocore), not for the SDK.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseAwsConfig } from '../engine/documents/aws-config';
import { sectionKind } from '../engine/model/aws-config';
import type { VNode } from '../engine/value';

/**
 * The SDK's loader, required when the test runs (a checkout whose node_modules predates the devDependency
 * still compiles; the test then fails and says to run `npm ci`).
 */
type Loaded = { configFile: Record<string, Record<string, string>>; credentialsFile: Record<string, Record<string, string>> };
function sdkLoader(): (init: { filepath: string; configFilepath: string; ignoreCache: boolean }) => Promise<Loaded> {
  try {
    return (require('@smithy/shared-ini-file-loader') as { loadSharedConfigFiles: ReturnType<typeof sdkLoader> }).loadSharedConfigFiles;
  } catch (e) {
    throw new Error(`@smithy/shared-ini-file-loader (a devDependency) is not installed: run npm ci (${String(e)})`);
  }
}

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['dev', 'prod', 'ci-east', 'team_a', 'x1'];
const KEYS = ['region', 'output', 'use_fips_endpoint', 'endpoint_url', 'services', 'role_arn', 'source_profile', 'sso_session', 'max_attempts'];
const VALUES = ['us-east-1', 'us-gov-west-1', 'json', 'true', 'false', 'https://sqs.us-east-1.amazonaws.com', 'https://example.com/a#b', 'a;b', 'arn:aws:iam::123456789012:role/x', 'x=y', '3'];
const SERVICES = ['s3', 'sqs', 'dynamodb', 'kms'];

function generate(r: () => number, credentials: boolean): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const comment = () => (r() < 0.3 ? pick([' # note', '\t; note', ' #', ' ;x']) : '');
  const eq = () => pick([' = ', '=', ' =\t', '\t= ']);
  const lines: string[] = [];
  const sections = 1 + Math.floor(r() * 4);
  if (r() < 0.3) lines.push(pick(['# header comment', '; header', '']));
  for (let s = 0; s < sections; s++) {
    const header = credentials ? pick([...NAMES, 'default']) : pick(['default', `profile ${pick(NAMES)}`, `sso-session ${pick(NAMES)}`, `services ${pick(NAMES)}`, pick(NAMES)]);
    lines.push(`[${header}]${comment()}`);
    const n = Math.floor(r() * 5);
    for (let i = 0; i < n; i++) {
      const roll = r();
      if (roll < 0.15) lines.push(pick(['', '# a comment', '  ; indented comment', '#region = us-east-1']));
      else if (roll < 0.35) {
        // A sub-section: `svc =` then lines indented below it (a comment or a blank line may sit among them).
        lines.push(`${pick(SERVICES)}${eq().trimEnd()}${comment()}`);
        const m = 1 + Math.floor(r() * 3);
        const indent = pick(['  ', '    ', '\t']);
        for (let j = 0; j < m; j++) {
          if (r() < 0.15) lines.push(pick(['', `${indent}# inner comment`]));
          lines.push(`${indent}${pick(KEYS)}${eq()}${pick(VALUES)}${comment()}`);
        }
      } else lines.push(`${pick(KEYS)}${eq()}${pick(VALUES)}${comment()}`);
    }
  }
  return lines.join(r() < 0.3 ? '\r\n' : '\n') + (r() < 0.8 ? '\n' : '');
}

type Settings = Record<string, string>;

/** What the engine reads, in the SDK loader's shape: profile (or `kind.name`) → setting (or `service.setting`) → value. */
function engineView(text: string, credentials: boolean): Record<string, Settings> {
  const out: Record<string, Settings> = {};
  const root = parseAwsConfig(credentials ? '.aws/credentials' : '.aws/config', text).root;
  for (const e of root.entries) {
    const { kind, name } = sectionKind(e.key, credentials ? 'credentials' : 'config');
    if (kind === 'other') continue;
    const id = kind === 'profile' ? name : `${kind}.${name}`;
    const settings = (out[id] ??= {});
    const add = (key: string, v: VNode) => {
      if (v.kind === 'string' && v.value !== '') settings[key] = String(v.value);
    };
    if (e.value.kind !== 'object') continue;
    for (const s of e.value.entries) {
      if (s.value.kind === 'object') for (const sub of s.value.entries) add(`${s.key}.${sub.key}`, sub.value);
      else add(s.key, s.value);
    }
  }
  // The SDK keeps a section only once it holds a setting.
  for (const k of Object.keys(out)) if (!Object.keys(out[k]).length) delete out[k];
  return out;
}

test('the engine reads AWS config and credentials files as the AWS SDK for JavaScript does (generated files)', async () => {
  const loadSharedConfigFiles = sdkLoader();
  const dir = mkdtempSync(path.join(tmpdir(), 'awsdp-ini-oracle-'));
  try {
    const r = rng(20261205);
    let settings = 0;
    let subSettings = 0;
    for (let i = 0; i < 300; i++) {
      const config = generate(r, false);
      const credentials = generate(r, true);
      const configFilepath = path.join(dir, `config-${i}`);
      const filepath = path.join(dir, `credentials-${i}`);
      writeFileSync(configFilepath, config);
      writeFileSync(filepath, credentials);
      const sdk = await loadSharedConfigFiles({ filepath, configFilepath, ignoreCache: true });
      assert.deepEqual(engineView(config, false), { ...sdk.configFile }, `config file ${i}:\n${config}`);
      assert.deepEqual(engineView(credentials, true), { ...sdk.credentialsFile }, `credentials file ${i}:\n${credentials}`);
      for (const f of [sdk.configFile, sdk.credentialsFile]) for (const p of Object.values(f)) for (const k of Object.keys(p)) k.includes('.') ? subSettings++ : settings++;
    }
    // The comparison is not vacuous: the SDK read many settings, sub-section settings among them.
    assert.ok(settings > 500 && subSettings > 100, `${settings} settings, ${subSettings} in sub-sections`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

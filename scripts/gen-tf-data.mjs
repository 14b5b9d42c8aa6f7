#!/usr/bin/env node
// Development-time generator for the Terraform facts of the settings table
// (server/src/engine/data/tf-setting-facts.json), from the AWS provider's schema as published in
// the npm package `@cdktn/provider-aws` (MPL-2.0, about 46 MB packed, 480 MB unpacked). The package
// is NOT a dependency of this project and is never installed by `npm ci`: fetch a copy by hand,
//
//   mkdir -p /tmp/tfschema && cd /tmp/tfschema && npm pack @cdktn/provider-aws@25.7.0 && tar xzf cdktn-provider-aws-25.7.0.tgz
//
// then run
//
//   node scripts/gen-tf-data.mjs --from /tmp/tfschema/package           rewrite the table
//   node scripts/gen-tf-data.mjs --from /tmp/tfschema/package --check   exit 1 when the committed table differs
//
// For every Terraform path of settings.json it reads the schema (the generated bindings: each
// resource's `index.d.ts` for argument names, required/optional and single vs repeatable nested
// blocks; `index.js` for block vs attribute) and writes the path as the schema spells it in the
// settings notation (`name{}` a block that occurs at most once, `name{}[]` a repeatable block,
// `name[]` a list argument), whether the leaf is required, and its type. The run fails when a hand
// path in settings.json differs from the schema's. The test suite compares the committed table
// with settings.json, so the hand-kept paths cannot drift from the schema silently.
// It also checks the hand-kept tf-policy-attributes.json (types, paths, attachedTo arguments).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'server/src/engine/data');
const SETTINGS_FILE = join(outDir, 'settings.json');
const FACTS_FILE = join(outDir, 'tf-setting-facts.json');
const argv = process.argv.slice(2);
const fromIdx = argv.indexOf('--from');
const from = fromIdx >= 0 ? argv[fromIdx + 1] : undefined;
if (!from || !existsSync(join(from, 'package.json'))) {
  console.error('gen-tf-data: give --from <unpacked @cdktn/provider-aws package directory> (see the comment at the top of this script)');
  process.exit(2);
}
const pkg = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
if (pkg.name !== '@cdktn/provider-aws' && pkg.name !== '@cdktf/provider-aws') {
  console.error(`gen-tf-data: ${from} holds ${pkg.name}, not @cdktn/provider-aws`);
  process.exit(2);
}

/** The provider version the bindings were generated from (`hashicorp/aws 6.66.0`), read from the docs links. */
function providerVersion() {
  const m = /registry\.terraform\.io\/providers\/hashicorp\/aws\/(\d+\.\d+\.\d+)\/docs/.exec(readFileSync(join(from, 'lib/provider/index.d.ts'), 'utf8'));
  return m ? m[1] : 'unknown';
}

const cache = new Map();
/** The bindings of a Terraform type: `aws_lb_listener` → lib/lb-listener; `provider:aws` → lib/provider. */
function bindings(type) {
  if (cache.has(type)) return cache.get(type);
  const dir = type === 'provider:aws' ? 'provider' : type.replace(/^aws_/, '').replace(/_/g, '-');
  const js = join(from, 'lib', dir, 'index.js');
  if (!existsSync(js)) return cache.set(type, undefined).get(type);
  const b = { js: readFileSync(js, 'utf8'), dts: readFileSync(join(from, 'lib', dir, 'index.d.ts'), 'utf8') };
  const expect = type === 'provider:aws' ? 'aws' : type;
  if (!b.js.includes(`tfResourceType = "${expect}"`)) return cache.set(type, undefined).get(type);
  cache.set(type, b);
  return b;
}

/** Properties of a struct interface (or the resource's `<Name>Config`): TF name → {required, type}. */
function interfaceProps(dts, name) {
  const start = dts.indexOf(`export interface ${name} `);
  if (start < 0) return undefined;
  const end = dts.indexOf('\n}', start);
  const body = dts.slice(start, end);
  const props = new Map();
  const re = /#(\w+) [^}]*\}[^]*?\*\/\s*readonly (\w+)(\??):\s*([^;]+);/g;
  for (let m; (m = re.exec(body)); ) props.set(m[1], { required: m[3] !== '?', type: m[4].trim() });
  return props;
}

/** Block flags of a struct's attributes, from its `...ToHclTerraform` function (or the resource's synthesizeHclAttributes). */
function blockFlags(js, fn) {
  const start = fn ? js.indexOf(`function ${fn}(struct)`) : js.lastIndexOf('synthesizeHclAttributes()');
  if (start < 0) return undefined;
  const end = js.indexOf('return Object.fromEntries', start);
  const body = js.slice(start, end);
  const flags = new Map();
  const re = /(\w+): \{\s*value: [^]*?,\s*isBlock: (true|false),/g;
  for (let m; (m = re.exec(body)); ) flags.set(m[1], m[2] === 'true');
  return flags;
}

const lcfirst = (s) => s[0].toLowerCase() + s.slice(1);

/** Reads a hand path segment by segment from the schema; returns the schema's spelling of it, or an error. */
function schemaPath(type, handPath) {
  const b = bindings(type);
  if (!b) return { error: `${type}: not in ${pkg.name}@${pkg.version}` };
  let iface = type === 'provider:aws' ? 'AwsProviderConfig' : undefined;
  if (!iface) {
    const m = /export interface (\w+Config) extends cdktn\.TerraformMetaArguments/.exec(b.dts);
    iface = m?.[1];
  }
  let fn; // undefined: the resource (or provider) itself
  const out = [];
  let leaf;
  // Split at dots outside quotes and brackets (`parameter{}[name=rds.force_ssl].value`).
  const raw = handPath.match(/(?:"[^"]*"|\[[^\]]*\]|[^.])+/g);
  const segs = raw.map((s) => /^"?(\w+)/.exec(s)[1]);
  /** A `[key=value]` selector of a name/value list, kept as written once its key is checked. */
  const selectors = raw.map((s) => /\[(\w+)=[^\]]+\]$/.exec(s));
  for (let i = 0; i < segs.length; i++) {
    const name = segs[i];
    const props = iface && interfaceProps(b.dts, iface);
    const prop = props?.get(name);
    if (!prop) return { error: `${type}: no argument or block ${segs.slice(0, i + 1).join('.')}` };
    const flags = blockFlags(b.js, fn);
    const isBlock = flags?.get(name) ?? false;
    const base = prop.type.replace(/\s*\|\s*cdktn\.IResolvable$/, '');
    const repeat = base.endsWith('[]');
    const struct = base.replace(/\[\]$/, '');
    const sel = selectors[i];
    if (sel) {
      if (!repeat) return { error: `${type}: ${segs.slice(0, i + 1).join('.')} is not a list, so it has no [${sel[1]}=...] items` };
      if (!interfaceProps(b.dts, struct)?.has(sel[1])) return { error: `${type}: ${segs.slice(0, i + 1).join('.')} items have no ${sel[1]}` };
    }
    out.push(`${name}${isBlock ? '{}' : ''}${sel ? sel[0] : repeat ? '[]' : ''}`);
    leaf = { required: prop.required, type: isBlock ? 'block' : struct };
    // A map argument (`connection_properties = { JDBC_ENFORCE_SSL = "true" }`): its last segment is a quoted key.
    if (i === segs.length - 2 && /^\{\s*\[key: string\]: string/.test(struct) && /^"[^"]+"$/.test(raw[i + 1])) {
      out.push(raw[i + 1]);
      return { path: out.join('.'), required: false, type: 'string' };
    }
    if (i < segs.length - 1) {
      if (!/^[A-Z]\w+$/.test(struct) || !b.dts.includes(`export interface ${struct} `)) return { error: `${type}: ${segs.slice(0, i + 1).join('.')} is not a block or object` };
      iface = struct;
      fn = `${lcfirst(struct)}ToHclTerraform`;
    }
  }
  return { path: out.join('.'), ...leaf };
}

const settings = JSON.parse(readFileSync(SETTINGS_FILE, 'utf8'));
const table = {};
const errors = [];
for (const [name, s] of Object.entries(settings.settings)) {
  if (!s.terraform) continue;
  for (const type of settings.resources[s.resource]?.terraform ?? []) {
    // A module call's inputs are the module's variables, not the provider schema (checked by hand: data/README.md).
    if (type.startsWith('module:')) continue;
    const r = schemaPath(type, s.terraform);
    if (r.error) {
      errors.push(`${name}: ${r.error}`);
      continue;
    }
    if (r.path !== s.terraform) errors.push(`${name}: ${type} is ${r.path} in the schema, settings.json says ${s.terraform}`);
    (table[type] ??= {})[s.terraform] = { schemaPath: r.path, required: r.required, type: r.type };
  }
}
// The hand-kept policy attribute table: every type, path and attachedTo argument must exist and be
// spelled as the schema spells it (it is not rewritten; only checked).
const POLICY_FILE = join(outDir, 'tf-policy-attributes.json');
const policyTable = JSON.parse(readFileSync(POLICY_FILE, 'utf8'));
let policyRows = 0;
for (const [type, rows] of Object.entries(policyTable)) {
  if (type === '$meta' || type.startsWith('module:')) continue;
  for (const row of rows) {
    policyRows++;
    const r = schemaPath(type, row.path);
    if (r.error) errors.push(`tf-policy-attributes.json: ${r.error}`);
    else if (r.path !== row.path) errors.push(`tf-policy-attributes.json: ${type} ${row.path} is ${r.path} in the schema`);
    if (row.attachedTo && row.attachedTo !== '@self') {
      const a = schemaPath(type, row.attachedTo);
      if (a.error) errors.push(`tf-policy-attributes.json: ${type} attachedTo: ${a.error}`);
    }
  }
}
if (errors.length) {
  for (const e of errors) console.error(e.startsWith('tf-policy') ? e : `settings.json: ${e}`);
  process.exit(1);
}
console.log(`tf-policy-attributes.json: ${policyRows} policy arguments on ${Object.keys(policyTable).length - 1} types match the schema`);

const meta = {
  source: `${pkg.name}@${pkg.version} (terraform-provider-aws ${providerVersion()})`,
  generator: 'scripts/gen-tf-data.mjs',
  license: 'MPL-2.0 (facts derived from the Terraform AWS provider schema as packaged by @cdktn/provider-aws)',
};
const lines = [`"$meta":${JSON.stringify(meta)}`];
for (const type of Object.keys(table).sort()) lines.push(`${JSON.stringify(type)}:${JSON.stringify(table[type])}`);
const text = `{\n${lines.join(',\n')}\n}\n`;
console.log(`source: ${meta.source}; ${Object.values(table).reduce((n, t) => n + Object.keys(t).length, 0)} setting paths on ${Object.keys(table).length} types`);
if (argv.includes('--check')) {
  const ok = existsSync(FACTS_FILE) && readFileSync(FACTS_FILE, 'utf8') === text;
  console.log(ok ? 'table is up to date' : 'table differs from a fresh generation');
  process.exit(ok ? 0 : 1);
}
writeFileSync(FACTS_FILE, text);

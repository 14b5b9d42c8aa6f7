#!/usr/bin/env node
// Build-time generator for the FIPS endpoint table (server/src/engine/data/fips-endpoints.json),
// read by server/src/engine/data/fips.ts (hostname → FIPS hostname).
//
//   node scripts/gen-fips-data.mjs                  rewrite the table from the vendored source
//   node scripts/gen-fips-data.mjs --check          exit 1 when the committed table differs from a fresh run
//   node scripts/gen-fips-data.mjs --from <endpoints.json> --commit <sha> --version <x.y.z> --file-commit <sha>
//                                                   refresh: vendor a newer botocore endpoints.json, then rewrite
//
// Source: botocore's `botocore/data/endpoints.json` (Apache-2.0, Copyright Amazon.com, Inc. or its
// affiliates; licence and notice in server/src/engine/data/botocore.LICENSE / botocore.NOTICE),
// vendored gzipped in scripts/sources/botocore-endpoints.json.gz so that the table can be checked
// offline (`npm test` runs --check). Never read at install, build or run time: only the generated
// table is bundled.
//
// What counts as a FIPS endpoint: only a `fips` variant listed by the endpoint entry itself (the
// partition's default variants are hostname templates that exist for every service, not evidence).
// See server/src/engine/data/README.md ("FIPS endpoint table") for the table's format.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = join(root, 'scripts/sources/botocore-endpoints.json.gz');
const OUT = join(root, 'server/src/engine/data/fips-endpoints.json');
const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

// Provenance of the vendored source (update together with the .gz, see --from).
let PROVENANCE = {
  repository: 'boto/botocore',
  path: 'botocore/data/endpoints.json',
  botocoreVersion: '1.43.67',
  commit: '0e6e2404b85dc336dd2889814e089bde7d1a4c55',
  fileLastChangedIn: 'f6c173905c660b7c2b7cc1808652d1cb19504ddb',
  sha256: 'd93a8467c4392c74e99cfdd55c5fde565442fe7abc32497c5739a7018faf8558',
};

let raw;
const from = opt('--from');
if (from) {
  raw = readFileSync(from);
  const commit = opt('--commit');
  const version = opt('--version');
  const fileCommit = opt('--file-commit');
  if (!commit || !version || !fileCommit) {
    console.error('gen-fips-data: --from needs --commit <botocore commit> --version <botocore version> --file-commit <last commit of the file>');
    process.exit(2);
  }
  PROVENANCE = { ...PROVENANCE, botocoreVersion: version, commit, fileLastChangedIn: fileCommit, sha256: createHash('sha256').update(raw).digest('hex') };
  writeFileSync(SOURCE, gzipSync(raw, { level: 9 }));
  const self = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  console.log(`vendored ${from} as scripts/sources/botocore-endpoints.json.gz; now update PROVENANCE in this script to:\n${JSON.stringify(PROVENANCE, null, 2)}`);
  if (!self.includes(PROVENANCE.sha256)) console.log('(the table below records it already; the script must be edited so that --check keeps passing)');
} else {
  raw = gunzipSync(readFileSync(SOURCE));
  const sha = createHash('sha256').update(raw).digest('hex');
  if (sha !== PROVENANCE.sha256) {
    console.error(`gen-fips-data: scripts/sources/botocore-endpoints.json.gz has sha256 ${sha}, expected ${PROVENANCE.sha256}`);
    process.exit(1);
  }
}
const endpoints = JSON.parse(raw.toString('utf8'));
if (endpoints.version !== 3) throw new Error(`endpoints.json version ${endpoints.version}, expected 3`);

const warnings = [];
/** Services whose global endpoint answers for every region (see below). */
const SERVES_EVERY_REGION = new Set(['s3']);
const sameTags = (a, b) => a.length === b.length && [...a].sort().join('+') === [...b].sort().join('+');
const FIPS = ['fips'];
const DS = ['dualstack'];
const DSFIPS = ['dualstack', 'fips'];
const expand = (t, service, region, dnsSuffix) => t.replaceAll('{service}', service).replaceAll('{region}', region).replaceAll('{dnsSuffix}', dnsSuffix);

const out = { partitions: {}, fipsHosts: [] };
const counts = {};
for (const p of endpoints.partitions) {
  const dualstack = p.defaults.variants?.find((v) => sameTags(v.tags, DS))?.dnsSuffix;
  const part = { dnsSuffix: p.dnsSuffix, ...(dualstack ? { dualstackDnsSuffix: dualstack } : {}), regions: Object.keys(p.regions).sort(), services: {} };
  out.partitions[p.partition] = part;
  const extraFips = new Set();
  let withFips = 0;
  let pairs = 0;
  for (const [svc, s] of Object.entries(p.services).sort(([a], [b]) => (a < b ? -1 : 1))) {
    // A variant listed by the endpoint: its hostname, else the service's then the partition's template.
    const variantHost = (e, key, tags) => {
      const v = e.variants?.find((x) => sameTags(x.tags, tags));
      if (!v) return undefined;
      const tmpl = v.hostname ?? s.defaults?.variants?.find((x) => sameTags(x.tags, tags))?.hostname ?? p.defaults.variants?.find((x) => sameTags(x.tags, tags))?.hostname;
      const suffix = v.dnsSuffix ?? s.defaults?.variants?.find((x) => sameTags(x.tags, tags))?.dnsSuffix ?? p.defaults.variants?.find((x) => sameTags(x.tags, tags))?.dnsSuffix ?? p.dnsSuffix;
      if (!tmpl) {
        warnings.push(`${p.partition} ${svc} ${key}: ${tags.join('+')} variant without any hostname template`);
        return undefined;
      }
      return expand(tmpl, svc, key, suffix).toLowerCase();
    };
    const rows = {};
    const hosts = new Map(); // standard host → region key, to drop duplicate rows
    let svcFips = false;
    const entries = Object.entries(s.endpoints ?? {});
    // Real entries first, so that a duplicate host keeps the row with the most facts.
    for (const [key, e] of entries) {
      const fipsKey = /fips/i.test(key);
      if (e.deprecated || fipsKey) {
        // Pseudo-regions (`us-east-1-fips`, `fips-us-east-1`, `aws-global-fips`...) and deprecated aliases:
        // their FIPS hostnames tell that a host is already FIPS; they are not standard endpoints.
        if (fipsKey && e.hostname) extraFips.add(expand(e.hostname, svc, key, p.dnsSuffix).toLowerCase());
        for (const tags of [FIPS, DSFIPS]) {
          const h = variantHost(e, key, tags);
          if (h) extraFips.add(h);
        }
        continue;
      }
      if (!e.hostname && !p.regions[key] && !(s.defaults?.hostname)) {
        warnings.push(`${p.partition} ${svc} ${key}: not a region and no hostname; left out`);
        continue;
      }
      const std = expand(e.hostname ?? s.defaults?.hostname ?? p.defaults.hostname, svc, key, p.dnsSuffix).toLowerCase();
      if (!std.includes('.') || std.includes(':')) continue; // `localhost:8000` (DynamoDB local)
      const fips = variantHost(e, key, FIPS);
      const ds = variantHost(e, key, DS);
      const dsFips = variantHost(e, key, DSFIPS);
      // S3's global endpoint serves the buckets of every region: which FIPS endpoint fits depends on
      // the bucket's region, which the host does not say. Left out, so the host is unknown.
      if (key === s.partitionEndpoint && !fips && SERVES_EVERY_REGION.has(svc)) continue;
      const row = { std, fips, ds, dsFips };
      // A global endpoint (partitionEndpoint) without its own variant: the credential-scope region's (derived).
      if (!fips && key === s.partitionEndpoint && e.credentialScope?.region) {
        const scope = e.credentialScope.region;
        const se = s.endpoints[scope];
        const derived = se && !se.deprecated ? variantHost(se, scope, FIPS) : undefined;
        if (derived) {
          row.fips = derived;
          row.scope = scope;
        }
      }
      const prev = hosts.get(std);
      if (prev !== undefined) {
        const p0 = rows[prev];
        if (!p0.fips && row.fips) {
          delete rows[prev];
        } else {
          if (row.fips && p0.fips && row.fips !== p0.fips) warnings.push(`${p.partition} ${svc}: ${std} has two FIPS variants (${p0.fips}, ${row.fips}); kept the first`);
          continue;
        }
      }
      hosts.set(std, key);
      rows[key] = row;
    }
    const def = {
      std: (r) => `${svc}.${r}.${p.dnsSuffix}`,
      fips: (r) => `${svc}-fips.${r}.${p.dnsSuffix}`,
      ds: (r) => (dualstack ? `${svc}.${r}.${dualstack}` : undefined),
      dsFips: (r) => (dualstack ? `${svc}-fips.${r}.${dualstack}` : undefined),
    };
    // A service whose hosts follow another pattern (`s3.dualstack.{region}.amazonaws.com`) gets its
    // own templates (`"~"`): the most common pattern of a cell, when it covers three rows or more.
    const KINDS = ['std', 'fips', 'ds', 'dsFips'];
    const templates = [0, 0, 0, 0];
    KINDS.forEach((k, i) => {
      const n = new Map();
      for (const [key, r] of Object.entries(rows)) {
        if (r[k] === undefined || r[k] === def[k](key) || r.scope || !r[k].includes(`.${key}.`)) continue;
        const t = r[k].replace(`.${key}.`, '.{region}.');
        n.set(t, (n.get(t) ?? 0) + 1);
      }
      const best = [...n].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
      if (best && best[1] >= 3) {
        templates[i] = best[0];
        def[k] = (r) => best[0].replace('{region}', r);
      }
    });
    const compact = {};
    const plain = {};
    if (templates.some((t) => t !== 0)) {
      while (templates[templates.length - 1] === 0) templates.pop();
      compact['~'] = templates;
    }
    for (const key of Object.keys(rows).sort()) {
      const r = rows[key];
      pairs += r.fips && !r.scope ? 1 : 0;
      if (r.fips) svcFips = true;
      const cell = (k) => (r[k] === undefined ? 0 : r[k] === def[k](key) ? 1 : r[k]);
      const arr = [cell('std'), cell('fips'), cell('ds'), cell('dsFips'), r.scope ?? 0];
      while (arr.length > 1 && arr[arr.length - 1] === 0) arr.pop();
      if (arr.length === 1 && arr[0] === 1) (plain[0] ??= []).push(key);
      else if (arr.length === 2 && arr[0] === 1 && arr[1] === 1) (plain[1] ??= []).push(key);
      else compact[key] = arr;
    }
    // Rows with only default hosts are listed by region: "0" no FIPS variant, "1" the default FIPS variant.
    if (plain[0]) compact['0'] = plain[0].join(' ');
    if (plain[1]) compact['1'] = plain[1].join(' ');
    if (Object.keys(compact).length) part.services[svc] = compact;
    if (svcFips) withFips++;
  }
  // Known FIPS hosts not already given by a row (pseudo-regions whose region has no row, `*-fips-*` keys).
  const inRows = new Set();
  for (const [svc, rows] of Object.entries(part.services))
    for (const [key, row] of Object.entries(rows).flatMap(([k, r]) => (k === '0' || k === '1' ? r.split(' ').map((x) => [x, Number(k)]) : [[k, r]]))) {
      if (key === '~') continue;
      const arr = typeof row === 'number' ? [1, row] : row;
      const t = rows['~'] ?? [];
      if (arr[1] === 1) inRows.add(t[1] ? t[1].replace('{region}', key) : `${svc}-fips.${key}.${p.dnsSuffix}`);
      else if (typeof arr[1] === 'string') inRows.add(arr[1]);
      if (arr[3] === 1) inRows.add(t[3] ? t[3].replace('{region}', key) : `${svc}-fips.${key}.${dualstack}`);
      else if (typeof arr[3] === 'string') inRows.add(arr[3]);
    }
  for (const h of [...extraFips].sort()) if (!inRows.has(h)) out.fipsHosts.push(h);
  counts[p.partition] = { services: Object.keys(part.services).length, withFips, pairs };
}
out.fipsHosts.sort();

const meta = {
  $meta: {
    what: 'FIPS endpoint table: for each partition, service and endpoint key (a region, or a global endpoint such as aws-global), the standard hostname, its FIPS variant, and the dual-stack pair. Read by server/src/engine/data/fips.ts; format in server/src/engine/data/README.md.',
    generator: 'scripts/gen-fips-data.mjs (do not edit by hand)',
    source: PROVENANCE,
    licence: 'Apache-2.0, Copyright Amazon.com, Inc. or its affiliates (botocore.LICENSE, botocore.NOTICE)',
    cells: 'a service may start with "~": [standard, fips, dualstack, dualstackFips] templates ({region} placeholder; 0 = the default template) that replace the defaults for that service; row = [standard, fips, dualstack, dualstackFips, derivedFromRegion]; 1 = the default template ({service}.{region}.{dnsSuffix}, {service}-fips.{region}.{dnsSuffix}, and the same with dualstackDnsSuffix), 0 = none, a string = the hostname; trailing 0s dropped; rows [1] and [1, 1] are not written by region but listed under "0" and "1" (regions separated by spaces)',
  },
};
// One service per line: small diffs when botocore changes, and still compact.
const lines = [];
lines.push('{');
lines.push(`  "$meta": ${JSON.stringify(meta.$meta)},`);
lines.push('  "partitions": {');
const parts = Object.entries(out.partitions);
parts.forEach(([name, p], i) => {
  lines.push(`    ${JSON.stringify(name)}: {`);
  lines.push(`      "dnsSuffix": ${JSON.stringify(p.dnsSuffix)},${p.dualstackDnsSuffix ? ` "dualstackDnsSuffix": ${JSON.stringify(p.dualstackDnsSuffix)},` : ''}`);
  lines.push(`      "regions": ${JSON.stringify(p.regions)},`);
  lines.push('      "services": {');
  const svcs = Object.entries(p.services);
  svcs.forEach(([s, rows], j) => lines.push(`        ${JSON.stringify(s)}: ${JSON.stringify(rows)}${j < svcs.length - 1 ? ',' : ''}`));
  lines.push('      }');
  lines.push(`    }${i < parts.length - 1 ? ',' : ''}`);
});
lines.push('  },');
lines.push(`  "fipsHosts": ${JSON.stringify(out.fipsHosts)}`);
lines.push('}');
const json = lines.join('\n') + '\n';
JSON.parse(json);

console.log(`source: botocore ${PROVENANCE.botocoreVersion} (${PROVENANCE.commit.slice(0, 12)}), sha256 ${PROVENANCE.sha256.slice(0, 12)}…`);
for (const [p, c] of Object.entries(counts)) console.log(`  ${p}: ${c.withFips}/${c.services} services with a FIPS endpoint, ${c.pairs} (service, region) pairs`);
console.log(`  ${out.fipsHosts.length} further FIPS hostnames (pseudo-regions); table ${(json.length / 1024).toFixed(1)} KB, ${(gzipSync(json).length / 1024).toFixed(1)} KB gzipped`);
if (argv.includes('--check')) {
  if (warnings.length) console.log(`  ${warnings.length} warnings (run without --check to list them)`);
} else for (const w of warnings) console.warn(`warning: ${w}`);

if (argv.includes('--check')) {
  let cur = '';
  try {
    cur = readFileSync(OUT, 'utf8');
  } catch {}
  const ok = cur === json;
  console.log(ok ? 'fips-endpoints.json is up to date' : 'fips-endpoints.json differs from a fresh generation: run node scripts/gen-fips-data.mjs and commit it');
  process.exit(ok ? 0 : 1);
}
writeFileSync(OUT, json);

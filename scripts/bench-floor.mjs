// How low can "analysis / parse, CloudFormation JSON" (a target of `npm run bench`) go? The bench's
// input is 1,000 buckets, each with a bucket policy that does not deny plain HTTP: DP201 must report
// 1,000 findings. This script times, measured as the bench measures (a fresh process per mode, a
// warm-up, then calls back to back for 2 s; main-thread CPU per call; median of the rounds):
//   parse    engine.parse, the bench's parse floor;
//   floor    engine.parse, then the least any analysis can do and still give those findings: find
//            each AWS::S3::BucketPolicy by its Type, the bucket its `Bucket: {Ref}` names, and make a
//            finding on the bucket's key with a message, a range and a related location (the policy).
//            No model, no other rule, no masking, no suppressions, no fix writers;
//   analyze  engine.analyze, what the bench times (21 rules);
// and engine.analyze again with each rule set left out (the rules of one issue: MFA DP1xx, transport
// and TLS DP2xx-3xx, FIPS DP4xx, sensitive data DP5xx), then with no rule at all (model, report):
// what each set adds to the ratio.
// Usage: node scripts/bench-floor.mjs [--rounds N] [--root <checkout>]
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cfnJson, median, sustained } from './bench-lib.mjs';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const root = resolve(opt('--root') ?? here);

if (opt('--child')) {
  const require = createRequire(join(root, 'package.json'));
  const { createEngine, allRules } = require(join(root, 'server/out/engine/index.js'));
  const mode = opt('--child');
  // `without:DP1,DP2`: the rules whose id starts with one of these left out (`without:` alone: all of them).
  const without = mode.startsWith('without:') ? mode.slice('without:'.length).split(',') : undefined;
  const engine = await createEngine(without ? { rules: allRules.filter((r) => !without.some((p) => r.meta.id.startsWith(p))) } : {});
  const file = { path: 'bench.template.json', text: cfnJson(1000) };
  const valueOf = (obj, key) => obj?.entries?.find((e) => e.key === key)?.value;
  const floor = () => {
    const doc = engine.parse(file);
    const resources = valueOf(doc.root, 'Resources');
    const byId = new Map();
    for (const e of resources.entries) byId.set(e.key, e);
    const findings = [];
    for (const e of resources.entries) {
      if (valueOf(e.value, 'Type')?.value !== 'AWS::S3::BucketPolicy') continue;
      const ref = valueOf(valueOf(e.value, 'Properties'), 'Bucket');
      const bucket = ref?.intrinsic === 'Ref' ? byId.get(ref.refs?.[0]) : undefined;
      if (!bucket) continue;
      const span = { start: bucket.keyStart, end: bucket.keyEnd };
      const policy = { start: e.keyStart, end: e.keyEnd };
      findings.push({
        ruleId: 'DP201',
        message: `This bucket accepts requests over plain HTTP: its bucket policy ${e.key} does not deny aws:SecureTransport = false; add a Deny statement for requests without TLS.`,
        span,
        range: doc.lines.range(span),
        related: [{ span: policy, range: doc.lines.range(policy), message: `The bucket policy of ${bucket.key}: the Deny statement goes here.` }],
      });
    }
    return findings;
  };
  const fn = mode === 'parse' ? () => engine.parse(file) : mode === 'floor' ? floor : () => engine.analyze([file], { budgetMs: 1e9 });
  // Both analyses must give the 1,000 findings, or the comparison means nothing (DP201's, unless left out).
  if (floor().length !== 1000) throw new Error(`floor: ${floor().length} findings, not 1000`);
  const expected = without?.some((p) => 'DP201'.startsWith(p)) ? 0 : 1000;
  const got = engine.analyze([file], { budgetMs: 1e9 })[0].findings.length;
  if (got !== expected) throw new Error(`${mode}: ${got} findings, not ${expected}`);
  process.stdout.write(JSON.stringify({ ms: sustained(fn).mainCpuMs }));
  process.exit(0);
}

const rounds = Number(opt('--rounds')) || 5;
const self = fileURLToPath(import.meta.url);
const sets = [
  ['without:DP1', 'MFA (DP1xx, issue 9)'],
  ['without:DP2,DP3', 'secure transport and TLS (DP2xx-3xx, issue 10)'],
  ['without:DP4', 'FIPS (DP4xx, issue 11)'],
  ['without:DP5', 'sensitive data (DP5xx, issue 12)'],
  ['without:', 'every rule'],
];
const got = { parse: [], floor: [], analyze: [], ...Object.fromEntries(sets.map(([m]) => [m, []])) };
for (let r = 0; r < rounds; r++)
  for (const mode of Object.keys(got)) {
    const c = spawnSync(process.execPath, [self, '--child', mode, '--root', root], { encoding: 'utf8' });
    if (c.status !== 0) throw new Error(`${mode}: ${c.stderr.slice(0, 500)}`);
    got[mode].push(JSON.parse(c.stdout).ms);
  }
const [parse, floor, analyze] = ['parse', 'floor', 'analyze'].map((m) => median(got[m]));
const r2 = (x) => Math.round(x * 100) / 100;
console.table([
  { what: 'parse (the bench parse floor)', ms: r2(parse), 'ratio to parse': 1 },
  { what: 'least analysis giving the 1,000 findings', ms: r2(floor), 'ratio to parse': r2(floor / parse) },
  { what: 'engine.analyze (21 rules)', ms: r2(analyze), 'ratio to parse': r2(analyze / parse) },
  ...sets.map(([m, name]) => {
    const ms = median(got[m]);
    return { what: `engine.analyze without ${name}`, ms: r2(ms), 'ratio to parse': r2(ms / parse) };
  }),
]);
console.log(`CloudFormation JSON, 1,000 buckets; main-thread CPU ms per call, median of ${rounds} rounds; target of npm run bench: analysis <= 1.3x parse`);

/**
 * Hostile workspaces through the bundled CLI (dist/cli.js): a 50 MB file (only its head is read:
 * fs-read-probe.ts counts the bytes), FIFOs and devices (never opened for reading), invalid UTF-8 and
 * UTF-16 files (decoded as editors do, positions consistent), file names that carry terminal
 * escapes, and every hand-made bomb of hostile-inputs.ts. The CLI always ends, with a clear
 * message per file and never a stack trace.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeText, LineIndex } from '../engine/index';
import { cleanup, repoRoot, tempDir, writeTree } from './cli-support';
import { engine } from './helpers';
import { HOSTILE } from './hostile-inputs';

const CLI_JS = path.join(repoRoot(), 'dist', 'cli.js');
const POLICY = '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}\n';

function cli(args: string[], cwd: string, nodeArgs: string[] = [], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string; ms: number } {
  const t = Date.now();
  const r = spawnSync(process.execPath, [...nodeArgs, CLI_JS, ...args], { cwd, encoding: 'utf8', timeout: 170_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t };
}

interface JsonReport {
  incomplete?: { files: string[]; allowed: boolean };
  findings: { file: string; line: number; column: number; endColumn: number; ruleId: string }[];
  notices?: { file: string; kind: string; message: string }[];
}

describe('CLI on hostile workspaces', () => {
  let dir: string;
  before(() => {
    dir = tempDir('awsdp-cli-hostile-');
  });
  after(() => cleanup(dir));

  test('a 50 MB file is skipped with a message, and only its head is read', () => {
    const ws = path.join(dir, 'big');
    mkdirSync(ws);
    const fd = openSync(path.join(ws, 'huge-policy.json'), 'w');
    writeSync(fd, '{"Statement": [');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    writeFileSync(path.join(ws, 'small-policy.json'), POLICY);
    const log = path.join(dir, 'reads.json');
    const r = cli(['scan', '--format', 'json', '--no-progress', '.'], ws, ['--require', path.join(__dirname, 'fs-read-probe.js')], { AWSDP_READ_LOG: log });
    assert.equal(r.status, 1, r.stderr);
    const reads = JSON.parse(readFileSync(log, 'utf8')) as Record<string, number>;
    const huge = reads[path.join(ws, 'huge-policy.json')];
    assert.ok(huge > 0 && huge <= 256 * 1024, `read ${huge} bytes of the 50 MB file`);
    assert.equal(reads[path.join(ws, 'small-policy.json')], POLICY.length);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(report.findings.map((f) => `${f.file} ${f.ruleId}`), ['small-policy.json DP201']);
    assert.deepEqual(report.notices, [{ file: 'huge-policy.json', kind: 'limit', message: 'file skipped: larger than 10 MB' }]);
  });

  test('FIFOs and devices are never opened for reading: the scan ends', (t) => {
    if (process.platform === 'win32') {
      t.diagnostic('no FIFOs on Windows');
      return;
    }
    const ws = path.join(dir, 'special');
    mkdirSync(ws);
    assert.equal(spawnSync('mkfifo', [path.join(ws, 'pipe.yaml')]).status, 0, 'mkfifo');
    symlinkSync('/dev/zero', path.join(ws, 'zero.json'));
    symlinkSync('/dev/urandom', path.join(ws, 'random.tf'));
    writeFileSync(path.join(ws, 'policy.json'), POLICY);
    // Walked: only regular files are read.
    let r = cli(['scan', '--format', 'json', '--no-progress', '.'], ws);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as JsonReport).findings.map((f) => f.file), ['policy.json']);
    // Named: refused with a message, exit 2 (an I/O error) — not a hang.
    r = cli(['scan', '--no-progress', 'pipe.yaml', 'zero.json', 'random.tf'], ws);
    assert.equal(r.status, 2);
    for (const f of ['pipe.yaml', 'zero.json', 'random.tf']) assert.match(r.stderr, new RegExp(`awsdp: cannot read ${f.replace('.', '\\.')}: not a regular file`));
  });

  test('invalid UTF-8 and UTF-16: decoded as editors do, with a notice and consistent positions', async () => {
    const ws = path.join(dir, 'encodings');
    mkdirSync(ws);
    // Invalid sequences before the finding, on its line: its column counts them as the editor does.
    const invalid = Buffer.concat([Buffer.from('{"Id": "'), Buffer.from([0xff, 0xc3, 0x28, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf0, 0x9f]), Buffer.from('", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}\n')]);
    writeFileSync(path.join(ws, 'invalid-utf8.json'), invalid);
    writeFileSync(path.join(ws, 'utf16le.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POLICY, 'utf16le')]));
    const be = Buffer.from(POLICY, 'utf16le');
    be.swap16();
    writeFileSync(path.join(ws, 'utf16be.json'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    writeFileSync(path.join(ws, 'bom-crlf.json'), '\ufeff' + POLICY.replace(/\n/g, '\r\n'));
    const r = cli(['scan', '--format', 'json', '--no-progress', '.'], ws);
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(report.findings.map((f) => f.file).sort(), ['bom-crlf.json', 'invalid-utf8.json', 'utf16be.json', 'utf16le.json']);
    assert.deepEqual(report.notices, [
      { file: 'invalid-utf8.json', kind: 'parse-error', message: 'file is not valid UTF-8: invalid bytes were read as U+FFFD (positions count the decoded text, as an editor shows it)' },
    ]);
    // The finding's position is the one the engine gives on the decoded text (what VS Code shows).
    const text = decodeText(invalid).text;
    assert.equal(text.slice(0, 16), '{"Id": "\ufffd\ufffd(\ufffd\ufffd\ufffd\ufffd\ufffd');
    const expected = (await engine()).analyze([{ path: 'invalid-utf8.json', text }])[0].findings[0];
    const f = report.findings.find((x) => x.file === 'invalid-utf8.json')!;
    assert.deepEqual([f.line, f.column, f.endColumn], [expected.range.start.line + 1, expected.range.start.character + 1, expected.range.end.character + 1]);
    assert.ok(expected.span.start > text.indexOf('(') && new LineIndex(text).positionAt(expected.span.start).line === 0, 'the finding is after the invalid bytes, on their line');
  });

  test('terminal escapes in file names are shown escaped', () => {
    const ws = path.join(dir, 'names');
    mkdirSync(ws);
    writeFileSync(path.join(ws, 'evil\x1b[2J\x07.json'), POLICY);
    const r = cli(['scan', '--no-progress', '.'], ws, [], { NO_COLOR: '1' });
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stdout, /[\x00-\x08\x0b-\x1f]/, 'no control character reaches the terminal');
    assert.match(r.stdout, /evil\\u\{1b\}\[2J\\u\{7\}\.json/);
  });

  test('a file that runs out of its budget gets the budget message in the report', () => {
    // A 1 ms budget: no machine parses 5 MB of Terraform that fast, so the stop does not depend on speed.
    const ws = path.join(dir, 'budget');
    writeTree(ws, { 'slow/main.tf': 'locals { x = 1 }\n'.repeat(300_000), 'policy.json': POLICY });
    const r = cli(['scan', '--format', 'json', '--no-progress', '.'], ws, [], { AWSDP_FILE_BUDGET_MS: '1' });
    const report = JSON.parse(r.stdout) as JsonReport;
    const stopped = (report.notices ?? []).filter((n) => n.file === 'slow/main.tf');
    assert.match(stopped.map((n) => n.message).join('\n'), /^analysis stopped after \d+ ms: parsing Terraform did not finish in time; the file is not analysed \(time budget 1 ms\)$/m);
    // An unanalysed file is not a pass: exit 2 (no finding reached --fail-on), said on stderr and in the report.
    assert.equal(r.status, 2, r.stderr);
    assert.ok(report.incomplete?.files.includes('slow/main.tf'), JSON.stringify(report.incomplete));
    assert.equal(report.incomplete?.allowed, false);
    assert.match(r.stderr, /^awsdp: analysis incomplete: a limit stopped \d+ files? \(.*slow\/main\.tf.*\); see the notes\. Exit status 2 unless a finding fails the scan; --allow-incomplete accepts this\n$/);
    // --allow-incomplete accepts it: the same notes, exit 0.
    const allowed = cli(['scan', '--format', 'json', '--no-progress', '--allow-incomplete', '.'], ws, [], { AWSDP_FILE_BUDGET_MS: '1' });
    assert.equal(allowed.status, 0, allowed.stderr);
    const report2 = JSON.parse(allowed.stdout) as JsonReport;
    assert.equal(report2.incomplete?.allowed, true);
    assert.ok((report2.notices ?? []).some((n) => n.file === 'slow/main.tf' && n.kind === 'limit'));
    assert.match(allowed.stderr, /^awsdp: analysis incomplete, accepted by --allow-incomplete: a limit stopped/);
  });

  test('every hostile input, scanned together: it ends, every file gets a result, no stack trace', () => {
    // A 2 s budget per file, as in the editor, keeps the test short (the default, 20 s, is for CI scans).
    const ws = path.join(dir, 'bombs');
    const files: Record<string, string> = {};
    // One directory each: Terraform files of one directory are one module.
    HOSTILE.forEach(([, file, make], i) => (files[path.join(String(i).padStart(2, '0'), file)] = make()));
    writeTree(ws, files);
    // --allow-incomplete: the limits stop files here by design; what is checked is that nothing else fails.
    const r = cli(['scan', '--format', 'json', '--no-progress', '--allow-incomplete', '.'], ws, [], { AWSDP_FILE_BUDGET_MS: '2000' });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    assert.match(r.stderr, /^(awsdp: analysis incomplete, accepted by --allow-incomplete: [^\n]*\n)?$/);
    assert.doesNotMatch(r.stdout, /\n\s+at .*:\d+:\d+\)?\n/, 'no stack trace');
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual((report.notices ?? []).filter((n) => n.kind === 'internal'), []);
    // Every budget message names the budget (whether a file runs out of it depends on the machine: see the test above).
    for (const n of (report.notices ?? []).filter((x) => x.message.startsWith('analysis stopped'))) assert.match(n.message, /^analysis stopped after \d+ ms: .* \(time budget 2000 ms\)$/);
    process.stdout.write(`# cli: ${HOSTILE.length} hostile files in ${(r.ms / 1000).toFixed(1)} s, ${report.findings.length} findings, ${report.notices?.length ?? 0} notices\n`);
  });
});

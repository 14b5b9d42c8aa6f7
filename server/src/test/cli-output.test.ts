/**
 * `--output` never destroys what is at the path (issue 15, item 1): a regular file is replaced
 * atomically and keeps its mode; a link to a regular file is followed and stays a link; a character
 * device or a FIFO with a reader is written in place (as the shell's `>` would); a directory, a socket,
 * a FIFO nobody reads and a dangling link are refused with exit 2; a write error is exit 2 with a message.
 * Runs unprivileged (devices are reached through links in a temporary directory); the one case that
 * needs root (a device node of our own, made with mknod) says so when it is skipped.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanup, repoRoot, tempDir } from './cli-support';

const CLI_JS = path.join(repoRoot(), 'dist', 'cli.js');
const POLICY = '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}\n';
const POSIX = process.platform !== 'win32';

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI_JS, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A reader of `fifo` that is ready before it returns: it opens the FIFO read-write (which does not
 * block on Linux), then reads until the JSON report is complete and prints it.
 */
async function fifoReader(fifo: string): Promise<{ text: Promise<string> }> {
  const script = `const fs=require('fs');const fd=fs.openSync(process.argv[1],'r+');process.stderr.write('ready\\n');let s='';const b=Buffer.alloc(65536);for(;;){const n=fs.readSync(fd,b,0,b.length,null);s+=b.toString('utf8',0,n);try{JSON.parse(s);break}catch{}}process.stdout.write(s);`;
  const child = spawn(process.execPath, ['-e', script, fifo], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((res, rej) => {
    child.stderr.once('data', () => res());
    child.on('error', rej);
  });
  return { text: new Promise((res) => child.on('close', () => res(out))) };
}

describe('--output keeps what is at the path', () => {
  let dir: string;
  let ws: string;
  before(() => {
    dir = tempDir('awsdp-output-');
    ws = path.join(dir, 'ws');
    fs.mkdirSync(ws);
    fs.writeFileSync(path.join(ws, 'policy.json'), POLICY);
  });
  after(() => cleanup(dir));

  const scanTo = (out: string) => cli(['scan', '--no-progress', '--format', 'json', 'ws', '-o', out], dir);
  const leftovers = () => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

  test('a regular file is replaced with its mode kept, and no temporary file is left', () => {
    const out = path.join(dir, 'report.json');
    fs.writeFileSync(out, 'old');
    fs.chmodSync(out, 0o600);
    const r = scanTo('report.json');
    assert.equal(r.status, 1, r.stderr);
    assert.equal(fs.statSync(out).mode & 0o777, 0o600);
    assert.equal((JSON.parse(fs.readFileSync(out, 'utf8')) as { findings: unknown[] }).findings.length, 1);
    assert.deepEqual(leftovers(), []);
  });

  test('a link to a regular file is followed: the link stays, its target gets the report', { skip: !POSIX && 'no symlinks without privileges on Windows' }, () => {
    fs.writeFileSync(path.join(dir, 'target.json'), 'old');
    fs.symlinkSync('target.json', path.join(dir, 'link.json'));
    const r = scanTo('link.json');
    assert.equal(r.status, 1, r.stderr);
    assert.ok(fs.lstatSync(path.join(dir, 'link.json')).isSymbolicLink(), 'still a link');
    assert.match(fs.readFileSync(path.join(dir, 'target.json'), 'utf8'), /"DP201"/);
  });

  test('a character device is written in place, never replaced (/dev/null through a link)', { skip: !fs.existsSync('/dev/null') && 'no /dev/null' }, () => {
    fs.symlinkSync('/dev/null', path.join(dir, 'null'));
    const r = scanTo('null');
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.ok(fs.lstatSync(path.join(dir, 'null')).isSymbolicLink(), 'the link is not replaced by a file');
    assert.ok(fs.statSync('/dev/null').isCharacterDevice());
  });

  test('a device node made here is written in place (needs root for mknod)', (t) => {
    const node = path.join(dir, 'devnull');
    const made = POSIX ? spawnSync('mknod', [node, 'c', '1', '3']) : undefined;
    if (!made || made.status !== 0) {
      t.skip(`mknod needs root (uid ${process.getuid?.()}): covered unprivileged by the /dev/null link test`);
      return;
    }
    const r = scanTo('devnull');
    assert.equal(r.status, 1, r.stderr);
    assert.ok(fs.lstatSync(node).isCharacterDevice(), 'still a character device');
  });

  test('a write error is exit 2 with a message (/dev/full: no space left)', { skip: !fs.existsSync('/dev/full') && 'no /dev/full on this system' }, () => {
    fs.symlinkSync('/dev/full', path.join(dir, 'full'));
    const r = scanTo('full');
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'awsdp: cannot write full: no space left on device\n');
    assert.ok(fs.lstatSync(path.join(dir, 'full')).isSymbolicLink());
  });

  test('a FIFO with a reader gets the report in place; a FIFO nobody reads is refused, not waited on', { skip: !POSIX && 'no FIFOs on Windows' }, async () => {
    const fifo = path.join(dir, 'fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    let r = scanTo('fifo');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^awsdp: cannot write fifo: no process is reading it/);
    const reader = await fifoReader(fifo);
    r = scanTo('fifo');
    const got = await reader.text;
    assert.equal(r.status, 1, r.stderr);
    assert.match(got, /"DP201"/);
    assert.ok(fs.lstatSync(fifo).isFIFO(), 'still a FIFO');
  });

  test('a directory, a socket and a dangling link are refused with exit 2', { skip: !POSIX && 'POSIX only' }, async () => {
    fs.mkdirSync(path.join(dir, 'adir'));
    let r = scanTo('adir');
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'awsdp: cannot write adir: is a directory\n');
    fs.symlinkSync('nowhere', path.join(dir, 'dangling'));
    r = scanTo('dangling');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^awsdp: cannot write dangling: is a symbolic link to nothing/);
    assert.ok(!fs.existsSync(path.join(dir, 'nowhere')));
    const sock = path.join(dir, 'sock');
    const server = net.createServer().listen(sock);
    await new Promise((res) => server.on('listening', res));
    try {
      r = scanTo('sock');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^awsdp: cannot write sock: not a regular file, a character device or a FIFO \(a socket\)/);
      assert.ok(fs.lstatSync(sock).isSocket());
    } finally {
      server.close();
    }
    assert.deepEqual(leftovers(), []);
  });
});

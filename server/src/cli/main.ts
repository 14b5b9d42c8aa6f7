/** Entry point of the `awsdp` command (bundled to dist/cli.js; bin/awsdp.js requires it). */
import { run } from './run';

// `awsdp scan | head`: a closed pipe is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

/**
 * Ends the process once standard output and error have taken everything written to them (at once where
 * they are synchronous: files, terminals, and pipes on Linux and macOS; on Windows pipes, when the
 * writes are done). Left to itself the process would first let V8 finish the garbage collection that a
 * large scan's heap had started: 20-40 ms on 2 cores after a 700 KB template, spent on memory that is
 * about to be returned anyway. 'exit' listeners still run.
 */
function exitWhenFlushed(): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit()));
}

run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
}).then(
  (code) => {
    process.exitCode = code;
    // For benchmarks: the peak memory of the whole process (worker threads included).
    if (process.env.AWSDP_REPORT_RSS) process.stderr.write(`awsdp: peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
    exitWhenFlushed();
  },
  (e: unknown) => {
    process.stderr.write(`awsdp: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
    exitWhenFlushed();
  },
);

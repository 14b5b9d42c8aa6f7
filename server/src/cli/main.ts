/** Entry point of the `awsdp` command (bundled to dist/cli.js; bin/awsdp.js requires it). */
import { run } from './run';

// `awsdp scan | head`: a closed pipe is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

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
  },
  (e: unknown) => {
    process.stderr.write(`awsdp: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);

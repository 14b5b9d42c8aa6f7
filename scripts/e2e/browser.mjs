// Debian's Chromium through playwright-core (no browser download), and a bounded poll.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** A headless Chromium with a fresh profile in `profileDir`; returns the persistent context. */
export async function launchBrowser(executablePath, profileDir) {
  mkdirSync(profileDir, { recursive: true });
  return chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Polls `fn` (sync or async) every 250 ms until it returns a truthy value or `ms` pass; returns the last value. */
export async function waitFor(fn, ms) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

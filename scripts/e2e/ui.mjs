// The UI test: the packaged extension, installed into code-server, used through the workbench with the
// keyboard and the mouse as a user would. Opens a CloudFormation template whose bucket policy does not
// deny plain HTTP (DP201), and checks: the red squiggle, the status bar's problem count, the Problems
// panel, the hover (message + rule link), F8, Ctrl+. and the quick fix menu, the fix applied (the
// squiggle goes, the count drops) and the saved file. Screenshots of each stage go to `out`
// (ui-*.png; ui-failure.png when a step fails). Every wait is bounded and generous (busy machines):
// nothing measures time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './browser.mjs';

const SAMPLE = 'samples/cloudformation/bucket-policy-missing-tls.yaml';
const RULE = 'DP201';
const LONG = 180_000;
const SHORT = 60_000;

/** The editor's visible text (Monaco renders spaces as NBSP). */
async function editorText(page) {
  return (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

/** The status bar's problems item: "Errors: 1, Warnings: 0" style aria-label → error count. */
async function statusErrors(page) {
  const label = await page.locator('[id="status.problems"]').first().getAttribute('aria-label', { timeout: 5000 }).catch(() => null);
  if (label && /^No Problems/i.test(label.trim())) return { label, errors: 0 };
  const m = label && /(\d+)\s+errors?|Errors:\s*(\d+)/i.exec(label);
  return { label, errors: m ? Number(m[1] ?? m[2]) : undefined };
}

export async function runUiTest({ browser, url, workspace, out, lap, verbose }) {
  const steps = [];
  const page = await browser.newPage();
  page.on('pageerror', (e) => verbose && console.log('  [pageerror]', e.message));
  if (verbose) page.on('console', (m) => console.log('  [browser]', m.type(), m.text().slice(0, 300)));
  const shot = (name) => page.screenshot({ path: join(out, name) }).catch(() => {});
  let current = '';
  async function step(name, fn) {
    current = name;
    const detail = await fn();
    steps.push({ name, ok: true, detail });
    lap(`UI: ${name}${detail ? ` — ${detail}` : ''}`);
  }
  const editorSquiggles = () => page.locator('.editor-instance .monaco-editor .squiggly-error');

  try {
    await step('the workbench loads with the samples folder', async () => {
      await page.goto(url);
      await page.waitForSelector('.monaco-workbench', { timeout: LONG });
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: LONG });
      return undefined;
    });

    await step(`Ctrl+P opens ${SAMPLE}`, async () => {
      await page.locator('.monaco-workbench').click({ position: { x: 640, y: 300 } }).catch(() => {});
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: SHORT });
      await page.keyboard.type('bucket-policy-missing-tls.yaml');
      const first = page.locator('.quick-input-list .monaco-list-row').first();
      if (!(await waitFor(async () => /bucket-policy-missing-tls\.yaml/.test((await first.innerText().catch(() => '')).replace(/\s+/g, '')), SHORT))) throw new Error('Quick Open did not find the file');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.editor-instance .monaco-editor .view-lines', { timeout: SHORT });
      const tab = (await page.locator('.tabs-container .tab.active').first().innerText({ timeout: SHORT })).replace(/\s+/g, '');
      if (!/bucket-policy-missing-tls\.yaml/.test(tab)) throw new Error(`active tab is ${JSON.stringify(tab)}`);
      return `active tab "${tab}"`;
    });

    let errorsBefore;
    await step('a red squiggle appears and the status bar counts the error', async () => {
      await page.waitForSelector('.editor-instance .monaco-editor .squiggly-error', { timeout: LONG });
      const n = await editorSquiggles().count();
      const s = await waitFor(async () => {
        const v = await statusErrors(page);
        return v.errors && v.errors > 0 ? v : undefined;
      }, SHORT);
      if (!s) throw new Error(`status bar problems item: ${JSON.stringify((await statusErrors(page)).label)}`);
      errorsBefore = s.errors;
      await shot('ui-1-squiggle.png');
      return `${n} squiggly-error element(s); status bar "${s.label}"`;
    });

    // The Problems panel, filtered to the file: the workspace scan fills it with every sample's findings
    // (and keeps adding while it runs), so the file's own count is what is compared before and after.
    // Rows come in groups, a file's head row ("name path count", no other spaces) then its problems; only
    // the rows of this file's group count, whether or not the filter has been applied yet.
    const isHead = (t) => /^\S+ \d+$/.test(t);
    const fileProblems = async () => {
      const all = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      const at = all.findIndex((t) => isHead(t) && /^bucket-policy-missing-tls\.yamlsamples\/cloudformation \d+$/.test(t));
      if (at < 0) return { count: 0, rows: [], all };
      let end = at + 1;
      while (end < all.length && !isHead(all[end])) end++;
      return { count: Number(/(\d+)$/.exec(all[at])[1]), rows: all.slice(at + 1, end), all };
    };
    const filterValue = () => page.evaluate(() => [...document.querySelectorAll('.markers-panel-action-filter input, .viewpane-filter input')].map((i) => i.value).filter(Boolean));
    let fileCountBefore = 0;
    await step(`the Problems panel lists ${RULE} for the file`, async () => {
      // Ctrl+Shift+M shows the Problems view, Ctrl+F in it focuses its filter box (the keyboard way: a
      // locator for the box can find a copy of the widget that the view moves between title bars).
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel').first().waitFor({ state: 'visible', timeout: SHORT });
      let typed;
      for (let attempt = 0; attempt < 3 && !typed; attempt++) {
        if (attempt) await page.keyboard.press('Control+Shift+M');
        await page.keyboard.press('Control+F');
        await page.keyboard.press('Control+A');
        await page.keyboard.type('bucket-policy-missing-tls.yaml');
        typed = await waitFor(async () => (await filterValue()).includes('bucket-policy-missing-tls.yaml') || undefined, 10_000);
      }
      if (!typed) throw new Error(`the Problems filter did not take the text: ${JSON.stringify(await filterValue())}`);
      const found = await waitFor(async () => {
        const p = await fileProblems();
        // Filtered: this file's group is the only one shown.
        return p.count > 0 && p.rows.some((t) => t.includes(RULE)) && p.all.filter(isHead).length === 1 ? p : undefined;
      }, LONG);
      if (!found) throw new Error(`Problems rows: ${JSON.stringify((await fileProblems()).all)}`);
      fileCountBefore = found.count;
      return `filter ${JSON.stringify(await filterValue())}: ${found.count} problem(s), rows ${JSON.stringify(found.all.slice(0, 4))}`;
    });

    await step('F8 moves to the problem and shows it', async () => {
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('F8');
      const widget = page.locator('.marker-widget').filter({ hasText: RULE });
      await widget.first().waitFor({ state: 'visible', timeout: SHORT });
      const text = (await widget.first().innerText()).replace(/\s+/g, ' ').trim();
      await page.keyboard.press('Escape');
      await widget.first().waitFor({ state: 'hidden', timeout: SHORT });
      return `marker widget "${text.slice(0, 200)}"`;
    });

    await step('the hover (Ctrl+K Ctrl+I) shows the message and the rule link', async () => {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const hover = page.locator('.monaco-hover').filter({ hasText: RULE });
      await hover.first().waitFor({ state: 'visible', timeout: SHORT });
      const text = (await hover.first().innerText()).replace(/\s+/g, ' ').trim();
      if (!text.includes('aws:SecureTransport')) throw new Error(`hover text: ${JSON.stringify(text)}`);
      const a = hover.first().locator('a', { hasText: RULE }).first();
      const link = (await a.getAttribute('data-href', { timeout: 5000 }).catch(() => null)) ?? (await a.getAttribute('href', { timeout: 5000 }).catch(() => null)) ?? (await a.getAttribute('title', { timeout: 5000 }).catch(() => null));
      await shot('ui-2-hover.png');
      await page.keyboard.press('Escape');
      return `hover "${text.slice(0, 200)}"${link ? `; ${RULE} links to ${link}` : ''}`;
    });

    let menu = [];
    await step('Ctrl+. lists the quick fix', async () => {
      // The cursor goes on the squiggle itself (a click at its middle: focus in the editor, position in
      // the diagnostic's range), then Ctrl+.. On a busy machine the first request can come back before
      // the document's analysis is current (the server then offers nothing, and the workbench shows "No
      // code actions available"), so the key is pressed again, a bounded number of times; what the
      // workbench showed each time is kept for the failure message.
      const seen = [];
      const rows = () => page.locator('.action-widget .monaco-list-row').allInnerTexts();
      for (let attempt = 1; attempt <= 5 && !menu.some((t) => /SecureTransport/.test(t)); attempt++) {
        const box = await editorSquiggles().first().boundingBox();
        if (box) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        await page.keyboard.press('Control+.');
        const shown = await page
          .locator('.action-widget')
          .first()
          .waitFor({ state: 'visible', timeout: attempt === 5 ? SHORT : 15_000 })
          .then(() => true, () => false);
        if (shown) await waitFor(async () => (await rows()).some((t) => /SecureTransport/.test(t)), 15_000);
        menu = (await rows().catch(() => [])).map((t) => t.replace(/\s+/g, ' ').trim());
        if (menu.some((t) => /SecureTransport/.test(t))) break;
        const message = await page.locator('.monaco-editor-overlaymessage').allInnerTexts().catch(() => []);
        const cursor = await page.locator('[id="status.editor.selection"]').first().innerText({ timeout: 2000 }).catch(() => null);
        const focused = await page.evaluate(() => `${document.activeElement?.tagName}.${String(document.activeElement?.className).slice(0, 60)}`).catch(() => null);
        seen.push({ attempt, squiggle: Boolean(box), widget: shown, menu, message: message.map((m) => m.trim()).filter(Boolean), cursor, focused });
        await page.keyboard.press('Escape');
      }
      if (!menu.some((t) => /SecureTransport/.test(t))) throw new Error(`no quick fix in the menu after ${seen.length} tries: ${JSON.stringify(seen)}`);
      await shot('ui-3-quick-fix-menu.png');
      return `menu ${JSON.stringify(menu)}${seen.length ? ` (after ${seen.length} empty tries: ${JSON.stringify(seen)})` : ''}`;
    });

    await step('choosing the fix edits the text and the squiggle goes away', async () => {
      await page.locator('.action-widget .monaco-list-row').filter({ hasText: 'SecureTransport' }).first().click();
      // The inserted statement may be below the visible lines: after a short look, Ctrl+End shows them.
      const edited = await waitFor(async () => /SecureTransport/.test(await editorText(page)), 10_000);
      if (!edited) {
        // The inserted statement may be below the visible lines: look at the end of the file too.
        await page.keyboard.press('Control+End');
      }
      await waitFor(async () => /SecureTransport/.test(await editorText(page)), SHORT);
      const text = await editorText(page);
      const lines = text.split('\n').filter((l) => /Effect: Deny|SecureTransport|Sid:/.test(l)).map((l) => l.trim());
      if (!lines.some((l) => /SecureTransport/.test(l))) throw new Error(`editor text after the fix: ${JSON.stringify(text.slice(-600))}`);
      await editorSquiggles().first().waitFor({ state: 'detached', timeout: LONG });
      const after = await waitFor(async () => {
        const p = await fileProblems();
        return p.count < fileCountBefore && !p.rows.some((t) => t.includes(RULE)) ? p : undefined;
      }, LONG);
      if (!after) throw new Error(`the Problems panel still lists the file: ${JSON.stringify((await fileProblems()).rows)}`);
      await shot('ui-4-after-fix.png');
      return `lines now read ${JSON.stringify(lines)}; no squiggle; the file's problems in the Problems panel ${fileCountBefore} → ${after.count}; status bar "${(await statusErrors(page)).label}"`;
    });

    await step('Ctrl+S saves the fixed template', async () => {
      await page.keyboard.press('Control+S');
      const file = join(workspace, SAMPLE);
      const saved = await waitFor(() => /aws:SecureTransport/.test(readFileSync(file, 'utf8')), SHORT);
      if (!saved) throw new Error(`${SAMPLE} on disk has no aws:SecureTransport after Ctrl+S`);
      const text = readFileSync(file, 'utf8');
      const deny = text.slice(text.lastIndexOf('Effect: Deny') - 60).split('\n').slice(0, 12).join('\n');
      if (!/Effect: Deny/.test(text) || !/'?aws:SecureTransport'?:\s*'?false'?/.test(text)) throw new Error(`saved text: ${JSON.stringify(deny)}`);
      // The diagnostic does not come back once the saved file is analysed again.
      if ((await editorSquiggles().count()) !== 0) throw new Error('a squiggle is back after saving');
      return `saved: ${deny.split('\n').map((l) => l.trim()).filter(Boolean).join(' | ')}`;
    });

    const TF = 'samples/terraform/logs-bucket.tf';
    await step(`${TF} opens as Terraform, highlighted by the extension's grammar`, async () => {
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: SHORT });
      await page.keyboard.type('logs-bucket.tf');
      // Wait for the search result (the list first shows recently opened files).
      const first = page.locator('.quick-input-list .monaco-list-row').first();
      if (!(await waitFor(async () => /logs-bucket\.tf/.test((await first.innerText().catch(() => '')).replace(/\s+/g, '')), SHORT))) throw new Error('Quick Open did not find logs-bucket.tf');
      await page.keyboard.press('Enter');
      if (!(await waitFor(async () => /logs-bucket\.tf/.test((await page.locator('.tabs-container .tab.active').first().innerText().catch(() => '')).replace(/\s+/g, '')), SHORT)))
        throw new Error('logs-bucket.tf did not open');
      const mode = await waitFor(async () => {
        const t = (await page.locator('[id="status.editor.mode"]').first().innerText().catch(() => '')).trim();
        return t === 'Terraform' ? t : undefined;
      }, SHORT);
      if (!mode) throw new Error(`language mode: ${JSON.stringify(await page.locator('[id="status.editor.mode"]').first().innerText().catch(() => null))}`);
      // The cursor on `policy` (an attribute name), then Developer: Inspect Editor Tokens and Scopes.
      const lines = readFileSync(join(workspace, TF), 'utf8').split('\n');
      const line = lines.findIndex((l) => /^\s+policy\s*=/.test(l));
      await page.keyboard.press('Control+G');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: SHORT });
      await page.keyboard.type(`${line + 1}:${lines[line].indexOf('policy') + 2}`);
      await page.keyboard.press('Enter');
      await page.keyboard.press('F1');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: SHORT });
      await page.keyboard.type('Developer: Inspect Editor Tokens and Scopes');
      await waitFor(async () => (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).some((t) => /Inspect Editor Tokens/.test(t)), SHORT);
      await page.keyboard.press('Enter');
      const widget = page.locator('.token-inspect-widget, .tokens-inspect-widget');
      await widget.first().waitFor({ state: 'visible', timeout: SHORT });
      await waitFor(async () => /variable\.other\.member\.terraform/.test(await widget.first().innerText()), SHORT);
      const text = (await widget.first().innerText()).replace(/\s+/g, ' ').trim();
      await shot('ui-5-terraform-scopes.png');
      await page.keyboard.press('Escape');
      if (!/variable\.other\.member\.terraform/.test(text) || !/source\.terraform\.awsdp/.test(text)) throw new Error(`token inspector: ${JSON.stringify(text.slice(0, 400))}`);
      const scopes = /textmate scopes\s*(.*?)(?:foreground|$)/i.exec(text)?.[1]?.trim();
      return `language mode "${mode}"; "policy" on line ${line + 1} has scopes ${scopes ?? text.slice(0, 200)}`;
    });

    await step('Ctrl+/ comments the line with # (the language configuration)', async () => {
      const lines = readFileSync(join(workspace, TF), 'utf8').split('\n');
      const line = lines.findIndex((l) => /^\s+policy\s*=/.test(l));
      await page.keyboard.press('Control+G');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: SHORT });
      await page.keyboard.type(`${line + 1}:3`);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+Slash');
      const commented = await waitFor(async () => (await editorText(page)).split('\n').find((l) => /^\s*#\s*policy\s*=/.test(l)), SHORT);
      if (!commented) throw new Error(`no "# policy =" line after Ctrl+/: ${JSON.stringify((await editorText(page)).slice(0, 400))}`);
      await page.keyboard.press('Control+Z');
      return `line now reads ${JSON.stringify(commented.trim())} (undone)`;
    });
  } catch (e) {
    steps.push({ name: current, ok: false, detail: e instanceof Error ? e.message.split('\n')[0] : String(e) });
    await shot('ui-failure.png');
  } finally {
    await page.close().catch(() => {});
  }
  return { steps };
}

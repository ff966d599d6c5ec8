// End-to-end test of the console in real headless Chromium (Debian `chromium`, driven by playwright-core)
// against a running Meridian server. Started by server's ConsoleBrowserIT, which provides the server,
// PostgreSQL and the registries, and afterwards checks the destination digests with skopeo.
//
// Environment: MERIDIAN_URL, MERIDIAN_TOKEN, E2E_SOURCE_REGISTRY, E2E_DESTINATION_REGISTRY,
// E2E_REPOSITORIES (glob), E2E_EXPECTED_TASKS, E2E_OUT (screenshots and result.json),
// CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
};
const BASE = env('MERIDIAN_URL');
const TOKEN = env('MERIDIAN_TOKEN');
const SOURCE = env('E2E_SOURCE_REGISTRY');
const DESTINATION = env('E2E_DESTINATION_REGISTRY');
const REPOSITORIES = env('E2E_REPOSITORIES');
const EXPECTED_TASKS = Number(env('E2E_EXPECTED_TASKS'));
const OUT = env('E2E_OUT', 'test-output/e2e');
const POLICY = 'console-e2e';
mkdirSync(OUT, { recursive: true });

const started = Date.now();
// stderr: the Maven test JVM that starts this script shows it in the build output
const step = (what) => console.error(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${what}`);
const field = (page, name) => page.locator(`[data-field="${name}"]`);
const errorFor = (page, name) => page.locator(`[data-error-for="${name}"]`);

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
const page = await context.newPage();
page.setDefaultTimeout(20_000);
const consoleErrors = [];
// 401 (the wrong token) and 400 (the refused policy) are expected answers; Chromium logs them as errors
page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && consoleErrors.push(m.text()));
page.on('pageerror', (e) => consoleErrors.push(String(e)));
const shot = async (name, p = page) => {
  await p.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  step(`screenshot ${name}.png`);
};

let exitCode = 0;
try {
  step('sign in');
  await page.goto(`${BASE}/`);
  await page.getByTestId('token-input').fill('not-a-token-at-all-0123');
  await page.getByTestId('sign-in').click();
  await page.getByText('This token is unknown or revoked.').waitFor();
  await page.getByTestId('token-input').fill(TOKEN);
  await shot('01-sign-in');
  await page.getByTestId('sign-in').click();
  await page.getByTestId('signed-in-role').filter({ hasText: 'admin' }).waitFor();
  check(!(await page.evaluate(() => location.href)).includes(TOKEN), 'the token must never be in the URL');

  step('overview: topology of the registered regions');
  await page.getByTestId('nav-overview').click();
  await page.getByTestId('topology').locator('.react-flow__node').nth(1).waitFor();
  await page.getByTestId('topology').locator('.react-flow__edge').first().waitFor();
  await page.getByTestId('topology').getByText(/ms ·/).first().waitFor();
  await page.waitForTimeout(300); // let fitView settle before the picture (not a synchronisation)
  await shot('02-overview-empty');

  step('policies: empty list, then a new policy with one wrong field');
  await page.getByTestId('nav-policies').click();
  await page.getByText('No policies yet').waitFor();
  await shot('03-policies-empty');
  await page.getByTestId('new-policy').click();
  await field(page, 'name').fill(POLICY);
  await field(page, 'source.registry').selectOption(SOURCE);
  await field(page, 'source.repositories').fill(REPOSITORIES);
  await field(page, 'tags.include').fill('.*');
  await field(page, 'tags.exclude').fill('.*-rc');
  await field(page, 'destinations[0].registry').selectOption(DESTINATION);
  await field(page, 'destinations[0].namespace').fill('mirror');
  await field(page, 'trigger.type').selectOption('cron');
  await field(page, 'trigger.cron').fill('every five minutes');
  await page.getByTestId('save-policy').click();
  const cronError = errorFor(page, 'trigger.cron');
  await cronError.filter({ hasText: /cron/i }).waitFor();
  step(`server said, next to trigger.cron: ${await cronError.textContent()}`);
  check((await errorFor(page, 'name').textContent()) === '', 'only the wrong field carries a message');
  await shot('04-policy-editor-error');

  step('fix it and save');
  await field(page, 'trigger.cron').fill('0 0 3 * * ?');
  await page.getByText(/At 03:00/).first().waitFor(); // cronstrue's reading of the expression
  await page.getByTestId('save-policy').click();
  await page.waitForURL(`**/policies/${POLICY}`);
  await page.getByText('Saved.').waitFor();
  check((await cronError.textContent()) === '', 'the message is gone once the field is fixed');
  check(await page.getByTestId('preview-policy').isDisabled(), 'Preview waits for the preview API');
  await page.getByTestId('yaml-tab').click();
  const yaml = await page.getByLabel('Policy as YAML').inputValue();
  check(yaml.includes(`name: ${POLICY}`) && yaml.includes('cron: 0 0 3 * * ?'), `YAML tab in sync: ${yaml}`);
  await shot('05-policy-editor-yaml');
  await page.getByRole('tab', { name: 'Form' }).click();
  await shot('06-policy-editor');

  step('policies list shows it');
  await page.getByTestId('nav-policies').click();
  await page.locator(`[data-testid="policy-row"][data-name="${POLICY}"]`).waitFor();
  await page.getByText(/next run in/).waitFor();
  await shot('07-policies');

  step('run it and watch it live');
  await page.locator(`[data-testid="policy-row"][data-name="${POLICY}"] a`).first().click();
  await page.getByTestId('run-policy').click();
  await page.waitForURL('**/executions/*');
  const executionId = page.url().split('/').pop();
  const progress = page.getByTestId('execution-progress');
  const seen = new Set();
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = Number(await progress.getAttribute('aria-valuenow'));
    const status = (await page.getByTestId('execution-status').textContent())?.trim();
    seen.add(`${status}:${value}`);
    if (value === 100 && status === 'SUCCEEDED') break;
    check(!['FAILED', 'PARTIAL', 'STOPPED'].includes(status), `execution ended ${status}`);
    check(Date.now() < deadline, `execution did not reach 100% SUCCEEDED in 90 s (last ${status} ${value}%)`);
    await page.waitForTimeout(100);
  }
  step(`progress seen: ${[...seen].join(' ')}`);
  await page.locator('[data-testid="task-row"]').nth(EXPECTED_TASKS - 1).waitFor();
  const rows = await page.locator('[data-testid="task-row"]').count();
  check(rows === EXPECTED_TASKS, `expected ${EXPECTED_TASKS} task rows, saw ${rows}`);
  // the task list refreshes on its own poll, a moment after the status: wait for the last row to show COPIED
  await page.locator('[data-testid="task-row"][data-state="COPIED"]').nth(EXPECTED_TASKS - 1)
    .waitFor({ timeout: 15_000 }).catch(() => {});
  const copied = await page.locator('[data-testid="task-row"][data-state="COPIED"]').count();
  check(copied === EXPECTED_TASKS, `every task COPIED, saw ${copied}`);
  await page.getByText('destination', { exact: true }).first().waitFor();
  await page.getByText('final', { exact: true }).waitFor(); // the stream delivered its end
  await shot('08-execution');

  step('executions list, filtered');
  await page.getByTestId('nav-executions').click();
  await page.getByTestId('filter-status').selectOption('SUCCEEDED');
  await page.locator(`[data-testid="execution-row"][data-id="${executionId}"]`).waitFor();
  await page.getByTestId('filter-status').selectOption('FAILED');
  await page.getByText('No execution matches these filters').waitFor();
  await page.getByTestId('filter-status').selectOption('');
  await shot('09-executions');

  step('overview after the run');
  await page.getByTestId('nav-overview').click();
  await page.getByTestId('topology').locator('.react-flow__node').nth(1).waitFor();
  await page.getByText(/written in the last 24 h/).waitFor();
  await page.waitForTimeout(300);
  await shot('10-overview');

  step('settings: test a registry connection');
  await page.getByTestId('nav-settings').click();
  const registryRow = page.locator(`[data-testid="registry-row"][data-name="${DESTINATION}"]`);
  await registryRow.getByTestId('test-connection').click();
  await registryRow.getByText(/✓ 200 in/).waitFor();
  await shot('11-settings');

  step('narrow window (768 px)');
  await page.setViewportSize({ width: 768, height: 1000 });
  await page.goto(`${BASE}/executions/${executionId}`); // a reload on a deep link: SPA fallback + session kept
  await page.getByTestId('execution-status').filter({ hasText: 'SUCCEEDED' }).waitFor();
  await page.locator('[data-testid="task-row"]').nth(EXPECTED_TASKS - 1).waitFor();
  await page.getByText('final', { exact: true }).waitFor();
  await shot('12-execution-768');
  await page.getByTestId('nav-policies').click();
  await page.getByTestId('new-policy').click();
  await field(page, 'name').waitFor();
  await shot('13-policy-editor-768');

  step('settings → tokens: create a viewer token, its secret shown once');
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-tokens').click();
  await field(page, 'token.name').fill('e2e-viewer');
  await field(page, 'token.role').selectOption('viewer');
  await page.getByTestId('create-token').click();
  const viewerToken = (await page.getByTestId('token-secret').textContent())?.trim();
  check(viewerToken && viewerToken.length > 10, 'the new token\'s secret is shown once');
  await page.locator('[data-testid="token-row"][data-name="e2e-viewer"]').waitFor();
  await page.getByRole('button', { name: 'I have copied it' }).click();
  check((await page.getByTestId('token-secret').count()) === 0, 'the secret is gone once acknowledged');
  check(!(await page.content()).includes(viewerToken), 'the list never shows a secret');
  await shot('14-settings-tokens');
  await page.getByTestId('settings-tab-audit').click();
  await page.locator('[data-testid="audit-row"][data-kind="token"]').first().waitFor();
  await shot('15-settings-audit');

  step('a viewer sees no edit control');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByTestId('token-input').fill(viewerToken);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('signed-in-role').filter({ hasText: 'viewer' }).waitFor();
  await page.getByTestId('nav-policies').click();
  await page.locator(`[data-testid="policy-row"][data-name="${POLICY}"]`).waitFor();
  check((await page.getByTestId('new-policy').count()) === 0, 'a viewer has no new-policy control');
  await page.locator(`[data-testid="policy-row"][data-name="${POLICY}"] a`).first().click();
  await page.waitForURL(`**/policies/${POLICY}`);
  await field(page, 'name').waitFor(); // the editor has rendered (read-only for a viewer)
  check((await page.getByTestId('save-policy').count()) === 0, 'a viewer has no save-policy control');
  check((await page.getByTestId('run-policy').count()) === 0, 'a viewer has no run-policy control');
  check((await page.getByTestId('signed-in-role').textContent())?.trim() === 'viewer', 'signed-in-role says viewer');
  await page.getByTestId('nav-settings').click();
  await page.locator(`[data-testid="registry-row"][data-name="${DESTINATION}"]`).waitFor();
  check((await page.getByTestId('settings-tab-tokens').count()) === 0, 'a viewer has no Tokens tab');
  await shot('16-viewer-policies');

  check(consoleErrors.length === 0, `browser console errors: ${consoleErrors.join(' | ')}`);
  writeFileSync(join(OUT, 'result.json'), JSON.stringify({ executionId, policy: POLICY }));
  step('passed');
} catch (e) {
  exitCode = 1;
  console.error(`[e2e] FAILED: ${e?.stack ?? e}`);
  await page.screenshot({ path: join(OUT, 'failure.png'), fullPage: true }).catch(() => undefined);
  if (consoleErrors.length) console.error(`[e2e] browser console errors: ${consoleErrors.join(' | ')}`);
} finally {
  await browser.close();
}
process.exit(exitCode);

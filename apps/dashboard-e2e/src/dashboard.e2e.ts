import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NeuroGraph } from '@neurograph/sdk';
import { isolatedSchemaUrl } from '@neurograph/server-persistence';
import { launchServer, type ServerProcess } from '@neurograph/server-testing';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, signIn } from './browser';

/**
 * The built dashboard in Debian's Chromium, served by the built api exactly as `npm start` serves
 * it (PostgreSQL when DATABASE_URL is set, else PGlite on disk, so a restart keeps the users).
 */
const ROOT = join(__dirname, '../../..');
const SCREENSHOTS = join(ROOT, 'docs/screenshots');
const ADMIN_PASSWORD = 'e2e-admin-password';
const vector = (seed: number) => Array.from({ length: 8 }, (_, i) => Math.abs(Math.sin(seed * 7.1 + i * 3.3)) % 1);

describe('the dashboard in a real browser', () => {
  let api: ServerProcess;
  let env: Record<string, string>;
  let browser: Browser;
  let admin: NeuroGraph;
  let cleanup: () => Promise<void>;

  const start = async (port?: number) => launchServer(join(ROOT, 'dist/apps/api/main.cjs'), env, 'api', port);
  const shoot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'neurograph-e2e-'));
    const schema = process.env['DATABASE_URL'] ? await isolatedSchemaUrl(process.env['DATABASE_URL']) : undefined;
    cleanup = async () => {
      await schema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    env = {
      ...(schema ? { DATABASE_URL: schema.url } : { DATA_DIR: dataDir }),
      JWT_SECRET: 'e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
      ADMIN_PASSWORD,
      DASHBOARD_DIR: join(ROOT, 'dist/apps/dashboard'),
      METRICS_INTERVAL_MS: '500',
    };
    api = await start();
    admin = new NeuroGraph({ baseUrl: api.origin, username: 'admin', password: ADMIN_PASSWORD });
    await admin.users.create({ username: 'vera', password: 'viewer-password', role: 'viewer' });
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await api?.kill();
    await cleanup?.();
  }, 30_000);

  it('shows the sign-in page, then the overview with metrics that move as signals arrive', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page } = await openPage(browser, scheme);
      await page.goto(api.origin);
      await page.getByRole('heading', { name: 'Sign in to NeuroGraph' }).waitFor();
      await shoot(page, `login-${scheme}`);
      await page.context().close();
    }

    const { page, errors } = await openPage(browser);
    await signIn(page, api.origin, 'admin', ADMIN_PASSWORD);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const tokens = page.locator('[data-stat="tokens"]');
    await page.getByRole('img', { name: 'Tokens over time' }).waitFor();
    const before = Number(await tokens.textContent());
    await admin.signals.emitBatch(Array.from({ length: 40 }, (_, i) => ({ space: 'e2e', vector: vector(i) })));
    await page.waitForFunction((count) => Number(document.querySelector('[data-stat="tokens"]')?.textContent) > count, before);
    await page.getByRole('img', { name: 'Signals per second' }).waitFor();
    await shoot(page, 'overview-light');
    await page.getByLabel('Theme').selectOption('dark');
    await shoot(page, 'overview-dark');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lets an admin disable a module after a confirmation showing its warning, and enable it again', async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, api.origin, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Modules' }).click();
    const card = page.locator('[data-module="intuition_engine"]');
    await shoot(page, 'modules-light');
    await card.getByRole('switch').click();
    const dialog = page.getByRole('dialog');
    await expectText(dialog.getByRole('heading'), 'Disable Intuition engine?');
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await card.getByText('disabled', { exact: true }).waitFor();
    expect((await admin.modules.get('intuition_engine')).enabled).toBe(false);
    await card.getByRole('switch').click();
    await card.getByText('active', { exact: true }).waitFor();
    expect((await admin.modules.get('intuition_engine')).enabled).toBe(true);
    await page.getByLabel('Theme').selectOption('dark');
    await shoot(page, 'modules-dark');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows a viewer the modules without a single switch', async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, api.origin, 'vera', 'viewer-password');
    await page.getByRole('link', { name: 'Modules' }).click();
    await page.locator('[data-module="intuition_engine"]').waitFor();
    expect(await page.getByRole('switch').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('switches language and theme, and keeps both and the session across a reload', async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, api.origin, 'admin', ADMIN_PASSWORD);
    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    await page.getByLabel('Тема').selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await page.reload();
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('reconnects by itself, without a reload, when the server restarts', async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, api.origin, 'admin', ADMIN_PASSWORD);
    const status = page.getByRole('status');
    await status.filter({ hasText: 'Live' }).waitFor();
    const port = Number(new URL(api.origin).port);
    await api.kill();
    await status.filter({ hasText: /Reconnecting|Offline/ }).waitFor();
    api = await start(port);
    await status.filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Modules' }).click();
    await page.locator('[data-module="grid"]').waitFor();
    // While the server was down the browser reported the refused sockets; nothing else is allowed.
    expect(errors.filter((error) => !/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED/.test(error))).toEqual([]);
    await page.context().close();
  }, 90_000);
});

async function expectText(locator: import('playwright-core').Locator, text: string): Promise<void> {
  await locator.waitFor();
  expect(await locator.textContent()).toBe(text);
}

// Takes the staff screenshots in docs/ at 1280 px, JavaScript off: the inbox, and the page
// of the first urgent item. Run by scripts/screenshot-staff.
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL;
const OUT_DIR = process.env.OUT_DIR;
const PASSWORD = 'sample triage lead password';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } })).newPage();
await page.goto(process.env.SETUP_LINK);
await page.locator('#password').fill(PASSWORD);
await page.locator('#confirm').fill(PASSWORD);
await Promise.all([page.waitForURL(/sign-in/), page.locator('form button[type=submit]').click()]);
await page.locator('#email').fill('triage.lead@example.org');
await page.locator('#password').fill(PASSWORD);
await Promise.all([page.waitForURL(/\/staff/), page.locator('form button[type=submit]').click()]);
await page.goto(`${BASE}/staff?sort=due`);
await page.screenshot({ path: `${OUT_DIR}/staff-inbox.png`, fullPage: true });
await page.goto(`${BASE}/staff?urgent=on&sort=due`);
await Promise.all([page.waitForURL(/\/staff\/submissions\//), page.locator('table.inbox tbody a').first().click()]);
await page.screenshot({ path: `${OUT_DIR}/staff-item.png`, fullPage: true });
await browser.close();
console.log(`wrote ${OUT_DIR}/staff-inbox.png and staff-item.png`);

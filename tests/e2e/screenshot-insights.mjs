// Takes the /insights screenshot in docs/ and prints the board pack to PDF: sets the commissioner's password from its set-up
// link, signs in and photographs the whole page. Run by scripts/screenshot-insights.
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL;
const LINK = process.env.SETUP_LINK;
const OUT = process.env.OUT;
const PASSWORD = 'sample commissioner password';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } })).newPage();
await page.goto(LINK);
await page.locator('#password').fill(PASSWORD);
await page.locator('#confirm').fill(PASSWORD);
await Promise.all([page.waitForURL(/sign-in/), page.locator('form button[type=submit]').click()]);
await page.locator('#email').fill('commissioner@example.org');
await page.locator('#password').fill(PASSWORD);
await Promise.all([page.waitForURL(/\/insights/), page.locator('form button[type=submit]').click()]);
await page.screenshot({ path: OUT, fullPage: true });
console.log(`wrote ${OUT}`);
// The board pack as the commissioner prints it: Chromium's own PDF, A4.
if (process.env.PACK_PDF) {
  await page.goto(`${BASE}/insights/board-pack`);
  await page.pdf({ path: process.env.PACK_PDF, format: 'A4', printBackground: true });
  console.log(`wrote ${process.env.PACK_PDF}`);
}
await browser.close();

// Browser tests for Have your say, against a running portal (BASE_URL).
// Debian's Chromium driven by playwright-core; axe-core for WCAG 2.2 A/AA; the Nu HTML
// checker for validity; screenshots at 320 px and 1280 px written to OUT_DIR.
// Exits non-zero when any check fails.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs, { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const BASE = process.env.BASE_URL || 'http://127.0.0.1:3000';
const OUT = path.resolve(process.env.OUT_DIR || '../../target/e2e');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ONLY = process.env.ONLY || '';

const failures = [];
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const assert = (cond, msg) => { if (!cond) throw new Error(msg); };

function pathOf(url) { const u = new URL(url); return u.pathname + u.search; }

const browser = await chromium.launch({
  executablePath: CHROMIUM, headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** A fresh browser profile in `lang`, with or without JavaScript. */
async function newPage({ lang = 'en', js = false, axe = false, width = 1280, height = 900 } = {}) {
  // axe runs as script in the page: checking contexts enable JavaScript and let it past the
  // CSP. Journeys keep the CSP, so a page that needed script would fail there.
  const context = await browser.newContext({ javaScriptEnabled: js || axe, bypassCSP: axe, viewport: { width, height } });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  page.on('pageerror', e => failures.push(`page error on ${page.url()}: ${e.message}`));
  // A refused form (422) and a missing page (404) are meant to be errors; anything else is not.
  page.on('console', m => {
    if (m.type() === 'error' && !/status of (404|422)/.test(m.text())) failures.push(`console error on ${page.url()}: ${m.text()}`);
  });
  if (lang !== 'en') {
    await page.goto(`${BASE}/`);
    await page.locator(`.language-switch a[lang="${lang}"]`).click();
    await page.waitForURL(`${BASE}/`);
  }
  return page;
}

/** Fills and sends a valid form by mouse-free, label-driven steps. */
async function fillValidForm(page, message) {
  await page.locator('#kind').check();
  await page.locator('#topic').selectOption('housing');
  await page.locator('#practice').selectOption('SAMPLE03');
  await page.locator('#message').fill(message);
}

/** A small real JPEG, as a phone would send one: the browser's own screenshot of a page. */
let photoBytes = null;
async function samplePhoto() {
  if (!photoBytes) {
    const page = await newPage();
    await page.setContent('<body style="margin:0;background:#5a6b3c"><p style="color:#fff">damp</p></body>');
    photoBytes = await page.screenshot({ type: 'jpeg', quality: 80, clip: { x: 0, y: 0, width: 160, height: 120 } });
    await page.context().close();
  }
  return photoBytes;
}

// ---------------------------------------------------------------------------------------
// Journeys: JavaScript off and on, English and Bengali, with an error round trip.
for (const lang of ['en', 'bn']) {
  for (const js of [false, true]) {
    test(`resident journey, ${lang}, JavaScript ${js ? 'on' : 'off'}`, async () => {
      const page = await newPage({ lang, js });
      await page.goto(`${BASE}/`);
      assert(await page.getAttribute('html', 'lang') === lang, 'html lang');
      await page.locator('a.button--start').click();
      await page.waitForURL(`${BASE}/feedback`);

      // Error round trip: send with only a message typed; it must come back kept.
      const typed = lang === 'bn' ? 'আমার বাড়িতে স্যাঁতসেঁতে ভাব আছে' : 'My flat is damp <b>and</b> cold & dark';
      await page.locator('#message').fill(typed);
      await Promise.all([page.waitForLoadState('load'), page.locator('form button[type=submit]').click()]);
      const title = await page.title();
      assert(title.startsWith(lang === 'bn' ? 'ত্রুটি:' : 'Error:'), `error title: ${title}`);
      assert(await page.locator('.error-summary').isVisible(), 'error summary visible');
      assert(await page.inputValue('#message') === typed, 'typed message kept');
      const links = page.locator('.error-summary a');
      assert(await links.count() === 2, `two problems listed, got ${await links.count()}`);
      await links.first().click();
      assert(await page.evaluate(() => location.hash) === '#kind', 'summary link goes to the field');

      // Fix, choose a photo, and send.
      await fillValidForm(page, `${typed} (${lang}, js ${js})`);
      await page.locator('#photos').setInputFiles({ name: 'damp.jpg', mimeType: 'image/jpeg', buffer: await samplePhoto() });
      await Promise.all([page.waitForURL(/\/feedback\/confirmation\//), page.locator('form button[type=submit]').click()]);
      const reference = (await page.locator('#reference').textContent()).trim();
      assert(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(reference), `reference ${reference}`);
      assert(await page.getAttribute('html', 'lang') === lang, 'confirmation in the chosen language');

      // Tracking page.
      await Promise.all([page.waitForURL(/\/track\//), page.locator('#tracking-link').click()]);
      assert((await page.locator('.reference').textContent()).trim() === reference, 'tracking page shows the reference');
      assert((await page.locator('.resident-text').last().textContent()).includes(typed.replace(/<\/?b>/g, '')), 'tracking page shows the message');

      // Add to the message from the tracking page: it joins the conversation.
      const addition = lang === 'bn' ? 'শোবার ঘরেও স্যাঁতসেঁতে' : 'It is in the bedroom too.';
      await page.locator('form[action$="/add"] textarea[name=message]').fill(addition);
      await Promise.all([page.waitForURL(/added=1/), page.locator('form[action$="/add"] button[type=submit]').click()]);
      assert(await page.locator('.notice').isVisible(), 'the page says the addition was sent');
      assert((await page.locator('.conversation li').last().textContent()).includes(addition), 'the addition is in the conversation');

      // Delete, with its confirmation step.
      await Promise.all([page.waitForURL(/\/delete$/), page.locator('a.button--warning').click()]);
      await Promise.all([page.waitForURL(`${BASE}/deleted`), page.locator('form button.button--warning').click()]);
      assert(await page.locator('h1').count() === 1, 'deleted page');
      await page.context().close();
    });
  }
}

// ---------------------------------------------------------------------------------------
// Keyboard only: Tab, Shift+Tab, Enter, Space. No mouse, and focus always visible.
test('resident journey by keyboard alone, with visible focus', async () => {
  const page = await newPage({ js: false });
  await page.goto(`${BASE}/`);

  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    const s = getComputedStyle(e);
    return { id: e.id, tag: e.tagName, text: (e.textContent || '').trim().slice(0, 40), cls: e.className,
             visible: s.outlineStyle !== 'none' && s.outlineWidth !== '0px' || s.boxShadow !== 'none' };
  });
  async function tabTo(match, limit = 40, key = 'Tab') {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press(key);
      const f = await focused();
      assert(f.tag === 'BODY' || f.visible, `focus not visible on ${f.tag}#${f.id}.${f.cls}`);
      if (match(f)) return f;
    }
    throw new Error(`could not reach the element by ${key}`);
  }

  await tabTo(f => f.cls.includes('skip-link'));
  await tabTo(f => f.cls.includes('button--start'));
  await Promise.all([page.waitForURL(`${BASE}/feedback`), page.keyboard.press('Enter')]);
  await tabTo(f => f.id === 'kind');
  await page.keyboard.press('Space');
  await tabTo(f => f.id === 'topic');
  await page.keyboard.press('ArrowDown'); // the first topic
  await tabTo(f => f.id === 'message');
  await page.keyboard.type('Sent with the keyboard only.');
  await tabTo(f => f.id === 'practice', 5, 'Shift+Tab');
  await tabTo(f => f.id === 'message', 5);
  await tabTo(f => f.id === 'publish_consent');
  await page.keyboard.press('Space');
  await tabTo(f => f.tag === 'BUTTON');
  await Promise.all([page.waitForURL(/\/feedback\/confirmation\//), page.keyboard.press('Enter')]);
  assert(await page.locator('#reference').count() === 1, 'confirmation reached');
  await page.context().close();
});

// ---------------------------------------------------------------------------------------
// The emails the portal wrote to its mail folder (the file mailer): recipients and decoded
// subject of each, polled until one matches or ten seconds pass.
function decodeHeader(value) {
  return value.replace(/\r?\n[ \t]/g, ' ').replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc, text) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}
async function waitForEmail(matches) {
  assert(process.env.MAIL_DIR, 'MAIL_DIR is set by scripts/e2e');
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    const files = fs.existsSync(process.env.MAIL_DIR) ? fs.readdirSync(process.env.MAIL_DIR).filter(f => f.endsWith('.eml')) : [];
    for (const file of files) {
      const raw = fs.readFileSync(path.join(process.env.MAIL_DIR, file), 'utf8');
      const headers = raw.split(/\r?\n\r?\n/)[0];
      const header = name => decodeHeader((headers.match(new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'mi')) || [])[1] || '');
      const email = { to: header('To'), subject: header('Subject') };
      if (matches(email)) return email;
    }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error('no matching email was written within 10 s');
}

// The staff triage journey: set a password from the set-up link, sign in, find the
// submission in the inbox, change it, note it, reply; the resident sees the reply.
const STAFF_EMAIL = 'triage.lead@example.org';

/** What an authenticator app shows for `key` (the set-up page's base32 text) at `at`
 * seconds: RFC 6238 with SHA-1, six digits, 30-second steps. */
function totp(key, at = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of key.replace(/\s+/g, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    assert(v >= 0, `not base32: ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30)));
  const h = crypto.createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  const n = (((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1000000;
  return String(n).padStart(6, '0');
}
const STAFF_PASSWORD = 'correct horse battery staple';
let staffCookies = null;
const staffPages = [];

test('staff triage journey, JavaScript off', async () => {
  assert(process.env.STAFF_SETUP_LINK, 'STAFF_SETUP_LINK is set by scripts/e2e');
  const resident = await newPage();
  await resident.goto(`${BASE}/feedback`);
  await fillValidForm(resident, 'Please can the damp be looked at (staff journey)');
  await resident.locator('#photos').setInputFiles({ name: 'wall.jpg', mimeType: 'image/jpeg', buffer: await samplePhoto() });
  await Promise.all([resident.waitForURL(/confirmation/), resident.locator('form button[type=submit]').click()]);
  const reference = (await resident.locator('#reference').textContent()).trim();
  const tracking = await resident.locator('#tracking-link').getAttribute('href');

  const page = await newPage();
  await page.goto(process.env.STAFF_SETUP_LINK);
  await page.locator('#password').fill(STAFF_PASSWORD);
  await page.locator('#confirm').fill(STAFF_PASSWORD);
  await Promise.all([page.waitForURL(/sign-in/), page.locator('form button[type=submit]').click()]);
  await page.locator('#email').fill(STAFF_EMAIL);
  await page.locator('#password').fill(STAFF_PASSWORD);
  // An admin must set up two-factor sign-in before anything else: the key is read off the
  // page and the code computed here, as an authenticator app would.
  await Promise.all([page.waitForURL(`${BASE}/staff/account/two-factor`), page.locator('form button[type=submit]').click()]);
  assert(await page.locator('#two-factor-required').count() === 1, 'told why');
  assert(await page.locator('svg.qr path').count() === 1, 'a QR code drawn without script');
  const key = (await page.locator('#secret').textContent()).trim();
  await page.locator('#code').fill(totp(key));
  await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/staff/account/two-factor"] button').click()]);
  assert(await page.locator('#recovery-codes li').count() === 10, 'ten recovery codes shown');
  await Promise.all([page.waitForURL(`${BASE}/staff`), page.locator('a.button[href="/staff"]').click()]);
  // Signing in again asks for a code after the password (the next step's: each is used once).
  await Promise.all([page.waitForURL(/signed-out/), page.locator('.staff-nav form[action="/staff/sign-out"] button').click()]);
  await page.locator('#email').fill(STAFF_EMAIL);
  await page.locator('#password').fill(STAFF_PASSWORD);
  await Promise.all([page.waitForURL(`${BASE}/staff/sign-in/code`), page.locator('form button[type=submit]').click()]);
  const challenge = (await page.context().cookies()).find(c => c.name === 'portal_challenge');
  assert(challenge, 'a half-finished sign-in cookie');
  const codePage = await fetch(`${BASE}/staff/sign-in/code`, { headers: { cookie: `portal_challenge=${challenge.value}`, accept: 'text/html' } });
  writeFileSync(path.join(htmlDir, 'en-staff-sign-in-code.html'), await codePage.text());
  await page.locator('#code').fill('000000');
  await Promise.all([page.waitForLoadState('load'), page.locator('form button[type=submit]').click()]);
  assert(await page.locator('#code-error').count() === 1, 'a wrong code is refused with a message');
  await page.locator('#code').fill(totp(key, Date.now() / 1000 + 30));
  await Promise.all([page.waitForURL(`${BASE}/staff`), page.locator('form button[type=submit]').click()]);
  staffPages.push(['staff-account', '/staff/account'], ['staff-two-factor', '/staff/account/two-factor']);
  staffPages.push(['staff-sign-in', '/staff/sign-in'], ['staff-forgot', '/staff/forgot-password'], ['staff-inbox', '/staff'],
    ['staff-assisted', '/staff/assisted'], ['admin-accounts', '/admin/accounts'], ['admin-practices', '/admin/practices'],
    ['admin-routing', '/admin/routing'], ['admin-topics', '/admin/topics'], ['admin-themes', '/admin/themes'], ['admin-outbox', '/admin/outbox'], ['admin-audit', '/admin/audit'],
    ['admin-person', '/admin/person?contact=colleague%40example.org'],
    ['insights', '/insights'], ['insights-weekly', '/insights?period=week'], ['insights-error', '/insights?from=not-a-date'], ['board-pack', '/insights/board-pack'], ['board-pack-error', '/insights/board-pack?quarter=2026-Q9'],
    ['staff-you-said', '/staff/you-said-we-did']);

  await page.locator('#q').fill('damp be looked at');
  await Promise.all([page.waitForURL(/\/staff\?/), page.locator('.filters button[type=submit]').click()]);
  const link = page.locator('table.inbox tbody a', { hasText: reference });
  assert(await link.count() === 1, 'the submission is found by search');
  await Promise.all([page.waitForURL(/\/staff\/submissions\//), link.click()]);
  const itemPath = pathOf(page.url());
  staffPages.push(['staff-item', itemPath]);

  // Status and a note in the one form: nothing typed is lost by saving the other first.
  await page.locator('#status').selectOption('in-progress');
  await page.locator('#note').fill('Called the landlord.');
  await Promise.all([page.waitForURL(/saved=1#saved/), page.locator('form[action$="/update"] button').click()]);
  assert((await page.locator('#saved').textContent()).trim() === 'Saved', 'the Saved notice is at the top');
  await page.locator('#reply-body').fill('We have asked your landlord to visit this week.');
  await Promise.all([page.waitForLoadState('load'), page.locator('form[action$="/reply"] button').click()]);
  assert((await page.content()).includes('Called the landlord.'), 'note shown');

  await resident.goto(tracking);
  assert((await resident.content()).includes('We have asked your landlord to visit this week.'), 'resident sees the reply');
  assert(!(await resident.content()).includes('Called the landlord.'), 'resident never sees notes');
  // The resident answers from the tracking page; staff see it in the conversation, the
  // item back in review, and the photo (staff only).
  await resident.locator('form[action$="/add"] textarea[name=message]').fill('Thank you, Tuesday suits me.');
  await Promise.all([resident.waitForURL(/added=1/), resident.locator('form[action$="/add"] button[type=submit]').click()]);
  await page.goto(`${BASE}${itemPath}`);
  assert((await page.content()).includes('Thank you, Tuesday suits me.'), 'staff see the addition');
  assert(await page.locator('#status').inputValue() === 'in-review', 'the item is back in review');
  const photoSrc = await page.locator('.photos img').first().getAttribute('src');
  const photo = await page.request.get(`${BASE}${photoSrc}`);
  assert(photo.status() === 200 && photo.headers()['content-type'] === 'image/jpeg', 'staff open the photo');
  // A resident phones quoting their reference: typed in lower case, with its dash.
  await page.goto(`${BASE}/staff`);
  await page.locator('#q').fill(reference.toLowerCase());
  await Promise.all([page.waitForURL(/\/staff\?/), page.locator('.filters button[type=submit]').click()]);
  assert(await page.locator('table.inbox tbody a', { hasText: reference }).count() === 1, 'found by its reference');
  assert((await page.locator('#inbox-count').textContent()).trim() === '1 submission matches', 'the count says one');

  // Spam is marked from the inbox with its row's checkbox and the bulk action.
  await resident.goto(`${BASE}/feedback`);
  await fillValidForm(resident, 'Cheap watches at my site (spam for the staff journey)');
  await Promise.all([resident.waitForURL(/confirmation/), resident.locator('form button[type=submit]').click()]);
  const spam = (await resident.locator('#reference').textContent()).trim();
  await page.goto(`${BASE}/staff`);
  await page.locator(`#select-${spam.replace('-', '')}`).check();
  await page.locator('#bulk-action').selectOption('spam');
  await Promise.all([page.waitForURL(/done=1/), page.locator('form#bulk button[type=submit]').click()]);
  assert((await page.locator('#bulk-done').textContent()).includes('1 item updated'), 'the bulk action says what it did');
  await page.goto(`${BASE}/staff?status=spam`);
  assert(await page.locator('table.inbox tbody a', { hasText: spam }).count() === 1, 'marked as spam');

  // Assigning the item to a colleague emails them.
  await page.goto(`${BASE}/admin/accounts`);
  await page.locator('#invite-email').fill('colleague@example.org');
  await page.locator('#invite-name').fill('Sample Colleague');
  await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/admin/accounts"] button[type=submit]').click()]);
  await page.goto(`${BASE}${itemPath}`);
  await page.locator('#assignee').selectOption({ label: 'Sample Colleague' });
  await Promise.all([page.waitForURL(/saved=1/), page.locator('form[action$="/update"] button').click()]);
  const assignment = await waitForEmail(m => m.to.includes('colleague@example.org') && m.subject.startsWith('Assigned to you'));
  assert(assignment.subject.includes(reference), `the assignment email names the reference: ${assignment.subject}`);

  // An admin keeps a reply template; staff put it in the reply box, then edit the reply
  // they sent, and the resident sees the new text.
  await page.goto(`${BASE}/admin/templates`);
  await page.locator('#template-title').fill('Passed to the practice');
  await page.locator('#template-en').fill('Thank you. We have passed this to your practice.');
  await page.locator('#template-bn').fill('ধন্যবাদ। আমরা এটি আপনার প্র্যাকটিসে পাঠিয়েছি।');
  await Promise.all([page.waitForURL(/saved=1/), page.locator('form[action="/admin/templates"] button[type=submit]').click()]);
  staffPages.push(['admin-templates', '/admin/templates']);
  await page.goto(`${BASE}${itemPath}`);
  await page.locator('#template').selectOption({ label: 'Passed to the practice (English)' });
  await Promise.all([page.waitForURL(/template=/), page.locator('form:has(#template) button').click()]);
  assert((await page.locator('#reply-body').inputValue()) === 'Thank you. We have passed this to your practice.', 'the template is in the reply box');
  const replyBox = page.locator('.reply textarea').first();
  await page.locator('.reply details summary', { hasText: 'Edit or withdraw' }).first().click();
  await replyBox.fill('We have asked your landlord to visit on Thursday.');
  await Promise.all([page.waitForURL(/saved=1/), page.locator('.reply form[action$="/edit"] button').first().click()]);
  await resident.goto(tracking);
  assert((await resident.content()).includes('visit on Thursday'), 'the resident sees the edited reply');
  assert(!(await resident.content()).includes('visit this week'), 'and not the text it replaced');

  // A second message about the same thing is linked as its duplicate.
  await resident.goto(`${BASE}/feedback`);
  await fillValidForm(resident, 'The damp again, sent twice (staff journey)');
  await Promise.all([resident.waitForURL(/confirmation/), resident.locator('form button[type=submit]').click()]);
  const repeat = (await resident.locator('#reference').textContent()).trim();
  const repeatPath = `/staff/submissions/${repeat.replace('-', '')}`;
  await page.goto(`${BASE}${repeatPath}`);
  await page.locator('#duplicate-of').fill(reference.toLowerCase());
  await Promise.all([page.waitForURL(/saved=1/), page.locator('form[action$="/duplicate"] button').click()]);
  assert((await page.locator('#duplicate-of-notice').textContent()).includes(reference), 'the duplicate points at the original');
  staffPages.push(['staff-item-duplicate', repeatPath], ['staff-my-practices', '/staff?practice=mine'],
    ['staff-bulk-confirm', 'POST /staff/bulk confirm'], ['staff-bulk-problem', 'POST /staff/bulk problem'],
    ['staff-item-reply-error', `POST ${itemPath.split('?')[0]}/reply`]);
  await page.goto(`${BASE}/admin/accounts`);
  staffPages.push(['admin-staff-practices', pathOf(new URL(await page.locator('a[href^="/admin/accounts/"][href$="/practices"]').first().getAttribute('href'), BASE).href)]);

  // The audit log shows each step of that journey.
  await page.goto(`${BASE}/admin/audit`);
  const actions = await page.locator('tbody tr td:nth-child(3)').allTextContents();
  for (const step of ['account-created', 'password-set', 'sign-in', 'inbox-viewed', 'submission-viewed', 'submission-updated', 'note-added', 'reply-published']) {
    assert(actions.includes(step), `audit log lacks ${step}: ${actions.join(', ')}`);
  }
  // Publish a "You said, we did" entry; the public page shows it.
  await page.goto(`${BASE}/staff/you-said-we-did`);
  await page.locator('#said_en').fill('The walking group only met on weekdays.');
  await page.locator('#did_en').fill('It now meets on Saturday mornings too.');
  await Promise.all([page.waitForURL(/saved=1/), page.locator('form[action="/staff/you-said-we-did"] button').click()]);
  await resident.goto(`${BASE}/you-said-we-did`);
  assert((await resident.content()).includes('It now meets on Saturday mornings too.'), 'the public sees the change');
  // The insights page draws its charts without any script.
  await page.goto(`${BASE}/insights`);
  assert(await page.locator('.chart figure svg').count() >= 5, 'insights charts drawn');
  staffCookies = (await page.context().cookies()).map(c => `${c.name}=${c.value}`).join('; ');
  await resident.context().close();
  await page.context().close();
});

// ---------------------------------------------------------------------------------------
// The staff islands: the same triage with JavaScript on and off, in English and Bengali.
// With it on, ten items are triaged by keyboard alone and every save stays on the page.
const SAVED = { en: 'Saved', bn: 'সেভ হয়েছে' };

/** A staff member's browser in `lang`: the journey's signed-in session, JavaScript as asked. */
async function staffPage(lang, js, { axe = false } = {}) {
  const page = await newPage({ lang, js, axe });
  await page.context().addCookies(staffCookies.split('; ').map(c => {
    const [name, value] = c.split('=');
    return { name, value, url: BASE };
  }).filter(c => c.name !== 'lang'));
  return page;
}

/** `n` resident messages with `marker` in each, through the form with JavaScript off. */
async function sendMessages(n, marker) {
  const resident = await newPage();
  for (let i = 1; i <= n; i++) {
    await resident.goto(`${BASE}/feedback`);
    await fillValidForm(resident, `The lift at the surgery is broken again, ${marker} message ${i}`);
    await Promise.all([resident.waitForURL(/confirmation/), resident.locator('form button[type=submit]').click()]);
  }
  await resident.context().close();
}

async function axeCheck(page, label) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  assert(result.passes.length > 10, `${label}: axe ran ${result.passes.length} rules`);
  for (const v of result.violations) {
    failures.push(`axe ${label}: [${v.impact}] ${v.id}: ${v.help} -> ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
  }
}

/** Items in the inbox for `query`, as the server lists them (no script involved). */
async function inboxRows(query) {
  const res = await fetch(`${BASE}/staff?${query}`, { headers: { cookie: staffCookies, accept: 'text/html' } });
  return ((await res.text()).match(/class="inbox__row/g) || []).length;
}

test('staff islands: the bundle on the wire is under 200 KB with brotli, cached immutably', async () => {
  assert(staffCookies, 'the staff journey signed in first');
  const inbox = await (await fetch(`${BASE}/staff`, { headers: { cookie: staffCookies } })).text();
  const loader = inbox.match(/<script type="module" src="([^"]+)"/)[1];
  const loaderText = await (await fetch(`${BASE}${loader}`)).text();
  const files = [loader, ...loaderText.match(/\/islands\/[^"]+/g)];
  assert(files.length === 3, `loader, glue and wasm: ${files.join(', ')}`);
  let total = 0;
  const sizes = [];
  for (const file of files) {
    const res = await fetch(`${BASE}${file}`, { headers: { 'accept-encoding': 'br' } });
    assert(res.headers.get('content-encoding') === 'br', `${file}: brotli`);
    assert(res.headers.get('cache-control') === 'public, max-age=31536000, immutable', `${file}: cached`);
    if (file.endsWith('.wasm')) assert(res.headers.get('content-type') === 'application/wasm', `${file}: application/wasm`);
    const bytes = Number(res.headers.get('content-length'));
    assert(bytes > 0, `${file}: a length`);
    total += bytes;
    sizes.push(`${path.basename(file).split('.')[0]} ${bytes.toLocaleString('en-GB')} B`);
    await res.arrayBuffer();
  }
  console.log(`     figures: islands on the wire (br) ${total.toLocaleString('en-GB')} B: ${sizes.join(', ')}`);
  assert(total < 200 * 1024, `the islands cost ${total} bytes compressed`);
});

for (const lang of ['en', 'bn']) {
  test(`staff islands in ${lang}, JavaScript on: filters as you type, ten items triaged by keyboard`, async () => {
    assert(staffCookies, 'the staff journey signed in first');
    const marker = `kestrel${lang}`;
    await sendMessages(10, marker);
    const page = await staffPage(lang, true);
    const csp = (await page.goto(`${BASE}/staff`)).headers()['content-security-policy'];
    assert(csp.includes("script-src 'self' 'wasm-unsafe-eval'") && !csp.includes('unsafe-inline'), `staff CSP: ${csp}`);
    await page.locator('#keys-hint').waitFor({ state: 'visible' });

    // The list follows the search box as staff type, without loading a page.
    await page.evaluate(() => { window.stayed = true; });
    await page.locator('#q').pressSequentially(marker, { delay: 20 });
    await page.waitForFunction(m => new URLSearchParams(location.search).get('q') === m, marker);
    await page.waitForFunction(() => document.querySelectorAll('tr.inbox__row').length === 10);
    await page.waitForFunction(() => document.querySelector('#inbox-live').textContent.trim() !== '');
    assert(await page.evaluate(() => window.stayed === true), 'filtered in place');
    assert((await page.locator('#inbox-live').textContent()).trim() === (await page.locator('#inbox-count').textContent()).trim(),
      'the new count is announced');
    // A key typed in a field is the field's: "j" goes into the search box.
    await page.keyboard.press('j');
    assert((await page.locator('#q').inputValue()) === `${marker}j`, 'j typed into the search box');
    await page.waitForFunction(() => document.querySelectorAll('tr.inbox__row').length === 0);
    await page.keyboard.press('Backspace');
    await page.waitForFunction(() => document.querySelectorAll('tr.inbox__row').length === 10);
    // Choosing from a select applies it too.
    await page.locator('#sort').selectOption('oldest');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('sort') === 'oldest');

    // Keyboard alone from here: the page as the address bar now has it.
    await page.goto(page.url());
    await page.locator('#keys-hint').waitFor({ state: 'visible' });
    await page.keyboard.press('?');
    assert(await page.locator('#keys-help').isVisible(), '? shows the keys');
    await page.keyboard.press('Escape');
    assert(!(await page.locator('#keys-help').isVisible()), 'Escape hides them');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    assert(await page.evaluate(() => document.activeElement.closest('tr') === document.querySelector('tr.inbox__row')),
      'j, j, k: the first row');
    await page.keyboard.press('x');
    assert(await page.locator('tr.inbox__row').first().locator('input[type=checkbox]').isChecked(), 'x selects the row');
    await page.keyboard.press('x');
    assert(!(await page.locator('tr.inbox__row').first().locator('input[type=checkbox]').isChecked()), 'x again clears it');
    await page.keyboard.press('/');
    assert(await page.evaluate(() => document.activeElement.id === 'q'), '/ goes to the search box');
    await page.goto(page.url());
    await page.locator('#keys-hint').waitFor({ state: 'visible' });
    await page.keyboard.press('j');
    await Promise.all([page.waitForURL(/\/staff\/submissions\//), page.keyboard.press('Enter')]);

    let status = '';
    const savedAfter = [];
    for (let i = 1; i <= 10; i++) {
      await page.locator('#keys-hint').waitFor({ state: 'visible' });
      await page.evaluate(() => { window.stayed = true; });
      const here = page.url();
      const history = await page.locator('#history-table tbody tr').count();
      await page.keyboard.press('s');
      assert(await page.evaluate(() => document.activeElement.id === 'status'), `item ${i}: s goes to the status`);
      await page.keyboard.press('ArrowDown');
      status = await page.locator('#status').inputValue();
      assert(status !== 'new', `item ${i}: the status changed by keyboard`);
      for (let t = 0; t < 10 && !(await page.evaluate(() => document.activeElement.matches('form.item-form button[type=submit]'))); t++) {
        await page.keyboard.press('Tab');
      }
      const pressed = Date.now();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('#item-update-live').textContent.trim() !== '');
      savedAfter.push(Date.now() - pressed);
      assert((await page.locator('#item-update-live').textContent()).trim() === SAVED[lang], `item ${i}: "Saved" announced`);
      assert(await page.evaluate(() => window.stayed === true) && page.url() === here, `item ${i}: saved without leaving`);
      assert(await page.locator('#history-table tbody tr').count() > history, `item ${i}: the history shows the change`);
      if (i < 10) await Promise.all([page.waitForURL(u => u.href !== here), page.keyboard.press('j')]);
    }
    assert(await inboxRows(`q=${marker}&status=${status}`) === 10, `all ten are ${status} on the server`);
    savedAfter.sort((a, b) => a - b);
    console.log(`     figures (${lang}): Enter to "Saved" announced, ten saves: median ${savedAfter[5]} ms, slowest ${savedAfter[9]} ms`);
    await page.context().close();
  });

  test(`staff islands in ${lang}, JavaScript off: the same forms work without them`, async () => {
    assert(staffCookies, 'the staff journey signed in first');
    const marker = `plover${lang}`;
    await sendMessages(2, marker);
    const page = await staffPage(lang, false);
    await page.goto(`${BASE}/staff`);
    assert(await page.locator('#keys-hint').isHidden(), 'no key hint without script');
    await page.locator('#q').fill(marker);
    await Promise.all([page.waitForURL(/\/staff\?/), page.locator('.filters button[type=submit]').click()]);
    assert(await page.locator('tr.inbox__row').count() === 2, 'the plain filter form finds both');
    await Promise.all([page.waitForURL(/\/staff\/submissions\//), page.locator('tr.inbox__row a').first().click()]);
    for (let i = 1; i <= 2; i++) {
      await page.locator('#status').selectOption('in-progress');
      await page.locator('#note').fill(`Checked without script ${i}`);
      await Promise.all([page.waitForURL(/saved=1/), page.locator('form.item-form button[type=submit]').click()]);
      assert((await page.locator('#saved').textContent()).trim() === SAVED[lang], 'the plain form saves');
      if (i < 2) await Promise.all([page.waitForURL(/\/staff\/submissions\//), page.locator('#item-next').click()]);
    }
    assert(await inboxRows(`q=${marker}&status=in-progress`) === 2, 'both saved on the server');
    await page.context().close();
  });

  test(`staff islands in ${lang}: an urgent message arriving while the inbox is open appears at the top`, async () => {
    assert(staffCookies, 'the staff journey signed in first');
    const page = await staffPage(lang, true);
    // The page's clock is ours, so the 30-second poll comes when the test says.
    await page.clock.install();
    await page.goto(`${BASE}/staff?urgent=on`);
    await page.locator('#keys-hint').waitFor({ state: 'visible' });
    const before = await page.locator('tr.inbox__row').count();
    const marker = `avocet${lang}`;
    await sendMessages(1, `${marker}. Some days I think about suicide`);
    await page.clock.runFor(31000);
    await page.waitForFunction(m => document.querySelector('tr.inbox__row')?.textContent.includes(m), marker);
    assert(await page.locator('tr.inbox__row').first().evaluate(r => r.classList.contains('inbox__row--urgent') && r.classList.contains('inbox__row--new')),
      'the urgent item is first, marked new');
    assert(await page.locator('tr.inbox__row').count() === before + 1, 'added to the list, nothing else changed');
    await page.waitForFunction(() => document.querySelector('#inbox-live').textContent.trim() !== '');
    assert((await page.locator('#inbox-live').textContent()).trim() === (await page.locator('#inbox-urgent-arrived').textContent()).trim(),
      'announced politely');
    await page.clock.runFor(31000);
    await page.waitForTimeout(500);
    assert(await page.locator(`tr.inbox__row:has-text("${marker}")`).count() === 1, 'a second poll adds it only once');
    await page.context().close();
  });

  test(`staff islands in ${lang}: axe with JavaScript on (and while updating) and off`, async () => {
    assert(staffCookies, 'the staff journey signed in first');
    const marker = `curlew${lang}`;
    await sendMessages(1, marker);
    const on = await staffPage(lang, true, { axe: true });
    await on.goto(`${BASE}/staff`);
    await on.locator('#keys-hint').waitFor({ state: 'visible' });
    await on.keyboard.press('?');
    await axeCheck(on, `${lang} inbox, keys shown`);
    await on.keyboard.press('Escape');
    // Slow the inbox's answer, so axe runs while the list is being replaced.
    await on.route(/\/staff\?q=/, async route => { await new Promise(r => setTimeout(r, 1500)); await route.continue(); });
    await on.locator('#q').fill(marker);
    await on.waitForFunction(() => document.querySelector('#inbox-results').getAttribute('aria-busy') === 'true');
    await axeCheck(on, `${lang} inbox, updating`);
    await on.waitForFunction(() => document.querySelectorAll('tr.inbox__row').length === 1);
    await axeCheck(on, `${lang} inbox, filtered`);
    await Promise.all([on.waitForURL(/\/staff\/submissions\//), on.locator('tr.inbox__row a').first().click()]);
    await on.locator('#keys-hint').waitFor({ state: 'visible' });
    await on.locator('#note').fill('x'.repeat(5001));
    await on.locator('form.item-form button[type=submit]').click();
    await on.locator('#item-update-errors .error-summary').waitFor();
    assert(await on.evaluate(() => document.activeElement.classList.contains('error-summary')), 'the problem is focused');
    await axeCheck(on, `${lang} item, problem shown in place`);
    await on.locator('#note').fill('A short note.');
    await on.locator('form.item-form button[type=submit]').click();
    await on.waitForFunction(() => document.querySelector('#item-update-live').textContent.trim() !== '');
    assert((await on.locator('#item-update-errors').innerHTML()) === '', 'the problem is gone once saved');
    await axeCheck(on, `${lang} item, saved in place`);
    await on.context().close();
    // Off: the islands' script never loads, as in a browser without JavaScript.
    const off = await staffPage(lang, true, { axe: true });
    await off.route(/\/islands\//, route => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
    for (const target of [`/staff?q=${marker}`, '/staff']) {
      await off.goto(`${BASE}${target}`);
      assert(await off.locator('#keys-hint').isHidden(), 'no islands');
      await axeCheck(off, `${lang} ${target} without islands`);
    }
    await off.context().close();
  });
}

// ---------------------------------------------------------------------------------------
// Hostile input: a corpus of XSS and injection payloads sent through the form, then opened
// on the staff pages in Chromium with JavaScript on and the Content-Security-Policy
// bypassed, so only our escaping stands between a payload and a running script. A dialog, a
// console error or a request to anywhere but the portal is a failure; the text must show.
const HOSTILE = [
  ['script', '<script>alert(1)</script>after script'],
  ['img onerror', '<img src=x onerror=alert(1)>after img'],
  ['svg onload', '<svg onload=alert(1)><circle r=1></circle></svg>after svg'],
  ['javascript url', '<a href="javascript:alert(1)">click me</a> javascript:alert(1)'],
  ['attribute break-out', '"><img src=x onerror=alert(1)> \'><script>alert(1)</script>'],
  ['css', '<style>body{background:url(http://evil.example/x.png)}</style><div style="background:url(http://evil.example/y)">styled</div>'],
  ['iframe', '<iframe src="http://evil.example/"></iframe>after iframe'],
  ['template syntax', '{{constructor.constructor(\'alert(1)\')()}} ${alert(1)} <%= 7*7 %>'],
  ['sql', "Robert'); DROP TABLE submissions; -- and 1=1 OR ''=''"],
  ['crlf', 'Subject line\r\nBcc: victim@example.net\r\nSet-Cookie: evil=1'],
  ['path traversal', '../../../../etc/passwd and ..\\..\\windows\\win.ini'],
  ['entities', '&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;'],
];
const VISIBLE = {
  'script': 'after script', 'img onerror': 'after img', 'svg onload': 'after svg', 'javascript url': 'javascript:alert(1)',
  'css': 'styled', 'iframe': 'after iframe', 'template syntax': "{{constructor.constructor('alert(1)')()}}",
  'sql': "DROP TABLE submissions;", 'crlf': 'Bcc: victim@example.net', 'path traversal': '../../../../etc/passwd',
  'entities': '&lt;script&gt;alert(1)&lt;/script&gt;',
  'overlong': '..\uFFFD\uFFFD..\uFFFD\uFFFDetc',
};

test('hostile input is shown as text on the staff pages and runs nothing', async () => {
  assert(staffCookies, 'the staff journey ran first');
  const references = [];
  for (const [name, payload] of HOSTILE) {
    const body = new URLSearchParams({ kind: 'feedback', topic: 'other', message: `Hostile ${name}: ${payload}` });
    const res = await fetch(`${BASE}/feedback`, { method: 'POST', body, redirect: 'manual' });
    assert(res.status === 303, `${name}: sent (${res.status})`);
    const confirmation = await (await fetch(new URL(res.headers.get('location'), BASE))).text();
    references.push([name, confirmation.match(/id="reference"[^>]*>([A-Z0-9-]+)</)[1].replaceAll('-', '')]);
  }
  // Overlong UTF-8 for "/" is not UTF-8: the form decoder turns each bad byte into U+FFFD,
  // so it can never come back as a "/" that walks up a path.
  const overlong = await fetch(`${BASE}/feedback`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'kind=feedback&topic=other&message=Hostile+overlong%3A+..%C0%AF..%C0%AFetc%C0%AFpasswd', redirect: 'manual' });
  assert(overlong.status === 303, `overlong UTF-8 sent (${overlong.status})`);
  const overlongPage = await (await fetch(new URL(overlong.headers.get('location'), BASE))).text();
  references.push(['overlong', overlongPage.match(/id="reference"[^>]*>([A-Z0-9-]+)</)[1].replaceAll('-', '')]);

  const context = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true });
  await context.addCookies(staffCookies.split('; ').map(c => { const [name, value] = c.split('='); return { name, value, url: BASE }; }));
  const page = await context.newPage();
  const problems = [];
  page.on('dialog', d => { problems.push(`dialog "${d.message()}" on ${page.url()}`); d.dismiss(); });
  page.on('console', m => { if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`); });
  page.on('pageerror', e => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('request', r => { if (!r.url().startsWith(BASE) && !r.url().startsWith('data:')) problems.push(`request to ${r.url()} from ${page.url()}`); });
  await page.goto(`${BASE}/staff?q=hostile`);
  await page.waitForLoadState('load');
  for (const [name, reference] of references) {
    await page.goto(`${BASE}/staff/submissions/${reference}`);
    await page.waitForLoadState('load');
    const text = await page.locator('main').innerText();
    assert(text.includes(`Hostile ${name}:`), `${name}: the message is on the item page`);
    if (VISIBLE[name]) assert(text.includes(VISIBLE[name]), `${name}: "${VISIBLE[name]}" is visible as text in ${JSON.stringify(text.slice(0, 400))}`);
    if (name === 'overlong') assert(!text.includes('../etc') && !text.includes('/passwd'), 'overlong: no slash came back');
    assert(await page.locator('main img[src="x"], main svg[onload], main iframe, main script, main [onerror]').count() === 0, `${name}: no element made from the payload`);
  }
  await page.waitForTimeout(300);
  await context.close();
  assert(problems.length === 0, problems.join('; '));
});

// ---------------------------------------------------------------------------------------
// Every page, both languages, normal and error states: axe, HTML validity, reflow, screenshots.
async function pagesToCheck(lang) {
  // A real submission gives the confirmation, tracking and delete pages.
  const page = await newPage({ lang });
  await page.goto(`${BASE}/feedback`);
  await fillValidForm(page, `Checked page (${lang})`);
  await Promise.all([page.waitForURL(/confirmation/), page.locator('form button[type=submit]').click()]);
  const confirmation = pathOf(page.url());
  const tracking = pathOf(await page.locator('#tracking-link').getAttribute('href'));
  await page.context().close();
  return [
    ['start', '/'], ['form', '/feedback'], ['form-error', 'POST /feedback'],
    ['confirmation', confirmation], ['tracking', tracking], ['tracking-added', `${tracking}?added=1`], ['delete', `${tracking}/delete`],
    ['lost-link', '/track'], ['lost-link-error', 'POST /track'], ['link-sent', '/track-sent'],
    ['deleted', '/deleted'], ['privacy', '/privacy'], ['urgent-help', '/urgent-help'], ['accessibility', '/accessibility'], ['not-found', '/no-such-page'],
    ['you-said', '/you-said-we-did'],
    ...staffPages,
  ];
}

/** Ten symbols of Crockford base 32, the last a Luhn mod 32 check: a well-formed reference. */
function randomReference() {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const payload = Array.from({ length: 9 }, () => Math.floor(Math.random() * 32));
  let sum = 0;
  payload.slice().reverse().forEach((v, i) => {
    sum += i % 2 === 0 ? Math.floor((v * 2) / 32) + ((v * 2) % 32) : v;
  });
  return [...payload, (32 - (sum % 32)) % 32].map(v => alphabet[v]).join('');
}

/** A page that only a POST shows: the bulk confirmation (more than 20 items), the bulk
 * action with nothing ticked, a reply with no text. Sent with `fetchText` (the browser's
 * own request or a plain fetch with its cookies), with a CSRF token from the inbox. */
async function postedPage(target, fetchText) {
  const csrf = (await fetchText('GET', '/staff')).match(/name="csrf" value="([^"]+)"/)[1];
  const form = new URLSearchParams({ csrf });
  let path = '/staff/bulk';
  if (target === 'POST /staff/bulk confirm') {
    form.append('action', 'close');
    for (let i = 0; i < 21; i++) form.append('reference', randomReference());
  } else if (target === 'POST /staff/bulk problem') {
    form.append('action', 'spam');
  } else {
    path = target.slice('POST '.length);
    form.append('body', ' ');
  }
  return fetchText('POST', path, form.toString());
}

/** Resident forms sent empty, to show their errors: the page and the body a browser sends. */
const residentPosts = { 'POST /feedback': ['/feedback', 'message='], 'POST /track': ['/track', 'reference='] };

async function open(page, target) {
  if (residentPosts[target]) {
    await page.goto(`${BASE}${residentPosts[target][0]}`);
    await Promise.all([page.waitForLoadState('load'), page.locator('form button[type=submit]').click()]);
  } else if (target.startsWith('POST ')) {
    // Shown at a stand-in address on the portal's origin, so its styles load as they would.
    const html = await postedPage(target, async (method, path, body) => {
      const res = method === 'GET' ? await page.request.get(`${BASE}${path}`)
        : await page.request.post(`${BASE}${path}`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, data: body });
      return res.text();
    });
    const standIn = `${BASE}/__posted-page`;
    await page.route(standIn, route => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto(standIn);
    await page.unroute(standIn);
  } else {
    await page.goto(`${BASE}${target}`);
  }
}

const htmlDir = path.join(OUT, 'html');
const shotDir = path.join(OUT, 'screenshots');
rmSync(htmlDir, { recursive: true, force: true });
mkdirSync(htmlDir, { recursive: true });
mkdirSync(shotDir, { recursive: true });

for (const lang of ['en', 'bn']) {
  test(`every page in ${lang}: axe WCAG 2.2 AA, reflow at 320 px, screenshots`, async () => {
    const pages = await pagesToCheck(lang);
    for (const width of [1280, 320]) {
      const page = await newPage({ lang, axe: true, width, height: width === 320 ? 640 : 900 });
      if (staffCookies) await page.context().addCookies(staffCookies.split('; ').map(c => {
        const [name, value] = c.split('=');
        return { name, value, url: BASE };
      }).filter(c => c.name !== 'lang'));
      for (const [name, target] of pages) {
        await open(page, target);
        assert(await page.getAttribute('html', 'lang') === lang, `${name}: lang`);
        if (width === 1280) {
          const result = await new AxeBuilder({ page })
            .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
          assert(result.passes.length > 10, `${name}: axe ran ${result.passes.length} rules`);
          for (const v of result.violations) {
            failures.push(`axe ${lang} ${name}: [${v.impact}] ${v.id}: ${v.help} -> ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
          }
          const raw = await rawHtml(target, lang);
          writeFileSync(path.join(htmlDir, `${lang}-${name}.html`), raw);
          const staffPage = staffPages.some(([n]) => n === name);
          if (!staffPage) {
            assert(!/<script|leptos-island|data-hk=|<!>/i.test(raw), `${name}: a resident page carries script or hydration markers`);
          }
          const cspOf = residentPosts[target] ? residentPosts[target][0] : target.startsWith('POST ') ? '/staff' : target;
          const csp = (await fetch(`${BASE}${cspOf}`, { headers: { cookie: staffCookies || '' } }))
            .headers.get('content-security-policy') || '';
          assert(csp && !csp.includes("'unsafe-inline'") && !csp.includes("'unsafe-eval'"), `${name}: CSP ${csp}`);
          assert(staffPage || /script-src/.test(csp) === false, `${name}: a resident page's CSP allows script: ${csp}`);
        } else {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          // Name the outermost elements that stick out, so a failure says where to look.
          const widest = overflow <= 0 ? '' : await page.evaluate(() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth
              && e.parentElement.getBoundingClientRect().right <= document.documentElement.clientWidth)
            .slice(0, 3).map(e => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ').join('.') : ''}`).join(', '));
          assert(overflow <= 0, `${lang} ${name}: scrolls sideways by ${overflow}px at 320 px (${widest})`);
        }
        await page.screenshot({ path: path.join(shotDir, `${lang}-${name}-${width}.png`), fullPage: true });
      }
      await page.context().close();
    }
  });
}

/** The HTML exactly as the server sends it (not the browser's DOM), for the Nu checker. */
async function rawHtml(target, lang) {
  const staff = staffCookies ? staffCookies.split('; ').filter(c => !c.startsWith('lang=')).join('; ') : '';
  const headers = { cookie: [`lang=${lang}`, staff].filter(Boolean).join('; '), accept: 'text/html' };
  if (target.startsWith('POST ') && !residentPosts[target]) {
    return postedPage(target, async (method, path, body) => {
      const res = await fetch(`${BASE}${path}`, method === 'GET' ? { headers }
        : { method, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body });
      return res.text();
    });
  }
  const res = residentPosts[target]
    ? await fetch(`${BASE}${residentPosts[target][0]}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: residentPosts[target][1] })
    : await fetch(`${BASE}${target}`, { headers });
  return await res.text();
}

// ---------------------------------------------------------------------------------------
let failed = 0;
for (const t of tests) {
  if (ONLY && !t.name.includes(ONLY)) continue;
  const started = Date.now();
  const before = failures.length;
  try {
    await t.fn();
  } catch (e) {
    failures.push(`${t.name}: ${e.message}`);
  }
  const ok = failures.length === before;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${t.name} (${Date.now() - started} ms)`);
  for (const f of failures.slice(before)) console.log(`     ${f}`);
}
await browser.close();

// The Nu HTML checker over every page saved above: one JVM for all of them.
if (!ONLY || 'nu html checker'.includes(ONLY)) {
  const jar = String(require('vnu-jar'));
  const files = (await import('node:fs')).readdirSync(htmlDir).map(f => path.join(htmlDir, f));
  let report;
  try {
    report = execFileSync('java', ['-jar', jar, '--errors-only', '--format', 'json', '--stdout', ...files], { encoding: 'utf8' });
  } catch (e) {
    report = e.stdout;
  }
  const messages = JSON.parse(report || '{"messages":[]}').messages.filter(m => m.type === 'error');
  const ok = messages.length === 0 && files.length > 0;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} Nu HTML checker on ${files.length} pages`);
  for (const m of messages) console.log(`     ${path.basename(m.url || '')}:${m.lastLine}: ${m.message}`);
}

console.log(failed ? `\n${failed} browser check(s) failed` : '\nall browser checks passed');
process.exit(failed ? 1 : 0);

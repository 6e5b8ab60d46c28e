// Usage: node docs-browser.cjs BASE_URL ACCESS_TOKEN [SCREENSHOT.png]
// Drives GET /api/docs in headless Chromium (puppeteer-core, /usr/bin/chromium or $CHROMIUM):
//  1. the page loads with no Content-Security-Policy violation and no page error;
//  2. it lists every operation of GET /api/openapi.json;
//  3. "Try it out" + "Execute" on GET /api/health shows 200;
//  4. the Authorize dialog takes ACCESS_TOKEN, and "Try it out" on GET /api/auth/me then shows
//     200 (without it: 401).
// Prints one line per step; exit status 0 when all pass, 1 otherwise. Used by tst_apidocs.
'use strict';
const fs = require('fs');
const puppeteer = require('puppeteer-core');

const [base, token, screenshot] = process.argv.slice(2);
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';

function fail(message) {
  throw new Error(message);
}

// Expands an operation, presses "Try it out" and "Execute", returns the status shown.
async function tryItOut(page, tag, operationId) {
  const block = `#operations-${tag}-${operationId}`;
  await page.waitForSelector(block, { timeout: 5000 });
  await page.click(`${block} .opblock-summary-control`);
  await page.waitForSelector(`${block} .try-out__btn`, { timeout: 5000 });
  await page.click(`${block} .try-out__btn`);
  await page.waitForSelector(`${block} .execute`, { timeout: 5000 });
  await page.click(`${block} .execute`);
  const cell = `${block} .live-responses-table .response .response-col_status`;
  await page.waitForSelector(cell, { timeout: 5000 });
  return (await page.$eval(cell, (node) => node.textContent)).trim();
}

async function main() {
  if (!fs.existsSync(chromium))
    fail(`no Chromium at ${chromium} (Debian package chromium: scripts/deps.sh)`);
  const document = await (await fetch(`${base}/api/openapi.json`)).json();
  const expected = [];
  for (const [path, item] of Object.entries(document.paths))
    for (const method of ['get', 'put', 'post', 'delete', 'patch'])
      if (item[method]) expected.push(`${method.toUpperCase()} ${path}`);

  const args = ['--headless=new', '--disable-gpu', '--disable-dev-shm-usage',
                '--no-first-run', '--window-size=1280,1600'];
  if (process.getuid && process.getuid() === 0)
    args.push('--no-sandbox'); // Chromium refuses to run as root with its sandbox
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args,
                                          defaultViewport: { width: 1280, height: 1600 } });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error')
        problems.push(`console error: ${message.text()}`);
    });
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        window.__cspViolations = window.__cspViolations || [];
        window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    const response = await page.goto(`${base}/api/docs`, { waitUntil: 'networkidle0' });
    if (response.status() !== 200)
      fail(`GET /api/docs: ${response.status()}`);
    await page.waitForSelector('.opblock', { timeout: 10000 });
    console.log(`loaded: ${await page.title()}`);

    const listed = await page.$$eval('.opblock', (blocks) => blocks.map((block) => {
      const method = block.querySelector('.opblock-summary-method').textContent.trim();
      const path = block.querySelector('.opblock-summary-path').getAttribute('data-path');
      return `${method} ${path}`;
    }));
    const missing = expected.filter((operation) => !listed.includes(operation));
    if (missing.length)
      fail(`operations not listed: ${missing.join(', ')}`);
    console.log(`listed: ${listed.length} operations, all ${expected.length} of the document`);

    const health = await tryItOut(page, 'service', 'getHealth');
    if (health !== '200')
      fail(`GET /api/health via "Try it out": ${health}`);
    console.log(`try it out GET /api/health: ${health}`);

    await page.click('.scheme-container button.authorize');
    await page.waitForSelector('.modal-ux .auth-container input', { timeout: 5000 });
    const containers = await page.$$('.modal-ux .auth-container');
    let authorized = false;
    for (const container of containers) {
      const name = await container.$eval('h4', (node) => node.textContent);
      if (!name.includes('bearerToken'))
        continue;
      await (await container.$('input')).type(token);
      await (await container.$('button.authorize')).click();
      authorized = true;
      break;
    }
    if (!authorized)
      fail('no bearerToken scheme in the Authorize dialog');
    await page.click('.modal-ux button.btn-done');
    const me = await tryItOut(page, 'auth', 'getMe');
    if (me !== '200')
      fail(`GET /api/auth/me via "Try it out" after Authorize: ${me}`);
    console.log(`authorize + try it out GET /api/auth/me: ${me}`);

    const violations = await page.evaluate(() => window.__cspViolations || []);
    problems.push(...violations.map((v) => `CSP violation: ${v}`));
    if (screenshot) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: screenshot });
    }
    if (problems.length)
      fail(problems.join('\n'));
    console.log('no CSP violation, no page error');
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(`FAIL: ${error.message}`);
  process.exit(1);
});

/**
 * Renders a self-contained HTML report in headless Chromium for the report tests: the
 * page with a probe script appended (which writes what Chromium laid out as JSON into a
 * `<pre id="layout">`), read back from the dumped DOM, and a PNG screenshot kept under
 * `.test-results/screenshots/` for people to look at.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repositoryRoot = resolve(import.meta.dirname, '../..');

function chromiumFlags(folder: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    `--user-data-dir=${join(folder, 'profile')}`,
  ];
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/**
 * Writes `html` with `probe` (a `<script>` that appends `<pre id="layout">JSON</pre>` on
 * load) to `folder/report.html`, loads it in Chromium and returns the parsed JSON, or
 * throws when the probe did not run. Returns the page path too, for a screenshot.
 */
export async function probeInChromium<Layout>(
  binary: string,
  folder: string,
  html: string,
  probe: string,
): Promise<{ layout: Layout; page: string }> {
  const page = join(folder, 'report.html');
  await writeFile(page, html.replace('</body>', `${probe}</body>`));
  const { stdout } = await run(binary, [...chromiumFlags(folder), '--dump-dom', `file://${page}`], {
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const match = /<pre id="layout">([^<]*)<\/pre>/.exec(stdout);
  if (match === null)
    throw new Error('The probe script did not run in Chromium (no <pre id="layout"> in the DOM).');
  return { layout: JSON.parse(unescapeHtml(match[1] ?? '')) as Layout, page };
}

/**
 * Screenshots `page` into `.test-results/screenshots/<name>.png` and returns its size in
 * bytes after checking that it is a PNG.
 */
export async function screenshotInChromium(
  binary: string,
  folder: string,
  page: string,
  name: string,
  windowSize: string,
): Promise<number> {
  const screenshots = join(repositoryRoot, '.test-results', 'screenshots');
  await mkdir(screenshots, { recursive: true });
  const png = join(screenshots, `${name}.png`);
  await run(
    binary,
    [
      ...chromiumFlags(folder),
      `--window-size=${windowSize}`,
      `--screenshot=${png}`,
      `file://${page}`,
    ],
    { timeout: 60_000 },
  );
  if ((await readFile(png)).subarray(1, 4).toString() !== 'PNG') {
    throw new Error(`${png} is not a PNG.`);
  }
  return (await stat(png)).size;
}

// Builds dist/dashboard.html and dist/report.html: each one file with its script and styles
// inlined, so the monitor can serve it (or monitor-init write it) with nothing else to fetch.
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

process.chdir(fileURLToPath(new URL('.', import.meta.url)));

const pages = [
  { name: 'dashboard', entry: 'src/dashboard/main.js', title: 'TaskMaster',
    data: '<script id="tm-config" type="application/json">{}</script>' },
  { name: 'report', entry: 'src/report/main.js', title: 'TaskMaster run report',
    data: '<script id="tm-report-data" type="application/json">{}</script>' },
];

// A script or style inlined in HTML must never contain its own closing tag.
const guard = (text, tag) => text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');

await mkdir('dist', { recursive: true });
const template = await readFile('src/page.html', 'utf8');
for (const page of pages) {
  const result = await build({
    entryPoints: [page.entry],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    legalComments: 'none',
    write: false,
    outdir: 'out',
    loader: { '.css': 'css' },
    logLevel: 'warning',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js')).text;
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  const html = template
    .replace('{{title}}', () => page.title)
    .replace('{{data}}', () => page.data)
    .replace('{{style}}', () => guard(css, 'style'))
    .replace('{{script}}', () => guard(js, 'script'));
  await writeFile(`dist/${page.name}.html`, html);
  console.log(`dist/${page.name}.html ${(html.length / 1024).toFixed(0)} KiB`);
}

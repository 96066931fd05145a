/**
 * The layering rules of DESIGN.md §3, as code. `checkArchitecture` reads source files and returns
 * one message per broken rule; the test runs it on the real tree and on planted violations.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  content: string;
}

interface ImportStatement {
  specifier: string;
  typeOnly: boolean;
}

const IMPORT_PATTERNS = [
  /(?:^|[\s;])import\s+(type\s+)?[^'";]*?\sfrom\s+['"]([^'"]+)['"]/g,
  /(?:^|[\s;])import\s+['"]([^'"]+)['"]/g,
  /(?:^|[\s;])export\s+(type\s+)?[^'";]*?\sfrom\s+['"]([^'"]+)['"]/g,
  /import\(\s*['"]([^'"]+)['"]\s*\)/g
];

export function importsOf(content: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  for (const [index, pattern] of IMPORT_PATTERNS.entries()) {
    for (const match of content.matchAll(pattern)) {
      if (index === 0 || index === 2) found.push({ specifier: match[2], typeOnly: Boolean(match[1]) });
      else found.push({ specifier: match[1], typeOnly: false });
    }
  }
  return found;
}

/** Where an import lands: a repository path for our own code, or `package:<name>`. */
function target(fromPath: string, specifier: string): string {
  const bare = specifier.split('?')[0];
  if (bare.startsWith('$lib/') || bare === '$lib') return normalize(bare.replace('$lib', 'src/lib'));
  if (bare.startsWith('$workers')) return normalize(bare.replace('$workers', 'workers'));
  if (bare.startsWith('$app/')) return `package:$app`;
  if (bare.startsWith('.')) return normalize(join(dirname(fromPath), bare));
  const parts = bare.split('/');
  return `package:${bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]}`;
}

const under = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);
const layerOf = (path: string) =>
  [
    'src/lib/core',
    'src/lib/solvers',
    'src/lib/ml',
    'src/lib/import',
    'src/lib/db',
    'src/lib/services',
    'src/lib/state',
    'src/lib/net',
    'src/lib/ui',
    'src/lib/charts',
    'src/lib/messages',
    'src/lib/demo',
    'src/routes',
    'src/cli',
    'workers'
  ].find((folder) => under(path, folder)) ?? path;

/** The same-origin file reader workers and model adapters may use (it refuses other origins). */
const APP_FILES = 'src/lib/net/app-files';
const UI_LAYERS = ['src/routes', 'src/lib/ui', 'src/lib/charts', 'src/lib/state'];
const COMPUTE_PACKAGES = ['package:glpk.js', 'package:onnxruntime-web', 'package:highs'];
const DOM_GLOBALS =
  /\b(window|document|navigator|localStorage|sessionStorage|indexedDB|IDBKeyRange|XMLHttpRequest|fetch)\b\s*[.(]/;

export function checkArchitecture(files: SourceFile[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const layer = layerOf(file.path);
    const code = file.content.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
    for (const { specifier, typeOnly } of importsOf(code)) {
      const to = target(file.path, specifier);
      const toLayer = layerOf(to);
      const say = (rule: string) => problems.push(`${file.path} imports '${specifier}': ${rule}`);

      if (layer === 'src/lib/core' && !under(to, 'src/lib/core')) {
        say('src/lib/core imports nothing outside itself');
      }
      if ((layer === 'src/lib/solvers' || layer === 'src/lib/ml') && !typeOnly) {
        if (
          !(under(to, 'src/lib/core') || under(to, layer) || to.startsWith('package:') || to === APP_FILES) ||
          to === 'package:svelte' ||
          to === 'package:idb'
        ) {
          say(`${layer} may import only core, itself and its solver packages`);
        }
      }
      if (layer === 'src/lib/import' && !typeOnly && !(under(to, 'src/lib/core') || under(to, layer))) {
        say('src/lib/import reads files through core and imports nothing else');
      }
      if (layer === 'workers' && !typeOnly) {
        const allowed =
          // src/lib/db too: IndexedDB works in workers, and bulk writes belong off the main thread.
          ['src/lib/core', 'src/lib/solvers', 'src/lib/ml', 'src/lib/import', 'src/lib/db', 'workers'].some((f) =>
            under(to, f)
          ) ||
          // The app's own files (models, the runtime's wasm): same origin only, cache first.
          to === APP_FILES ||
          to === 'package:comlink' ||
          to === 'package:idb';
        if (!allowed)
          say('workers expose core and adapters (solvers, models, storage) with comlink and import nothing else');
      }
      if (UI_LAYERS.includes(layer)) {
        if ([...COMPUTE_PACKAGES, 'package:idb', 'package:comlink'].includes(to))
          say('UI never imports solvers, onnxruntime, comlink or idb');
        if (['src/lib/solvers', 'src/lib/ml', 'workers'].includes(toLayer) && !typeOnly)
          say('UI never imports solver or model adapters or workers');
      }
      if (['src/routes', 'src/lib/ui', 'src/lib/charts'].includes(layer) && toLayer === 'src/lib/db' && !typeOnly) {
        say('components reach storage only through src/lib/state');
      }
      if (to === 'package:idb' && layer !== 'src/lib/db') say('only src/lib/db touches IndexedDB');
      if (
        layer === 'src/cli' &&
        ['src/lib/ui', 'src/lib/state', 'src/lib/db', 'src/lib/services', 'src/routes', 'src/lib/charts'].includes(
          toLayer
        )
      ) {
        say('the command line uses core, solvers and messages only');
      }
      if (
        (specifier.includes('?worker') || toLayer === 'workers') &&
        !typeOnly &&
        layer !== 'src/lib/services' &&
        layer !== 'workers'
      ) {
        say('only src/lib/services creates workers');
      }
    }
    if (layer === 'src/lib/core' && DOM_GLOBALS.test(code)) {
      problems.push(`${file.path} uses a browser global (${code.match(DOM_GLOBALS)?.[1]}): core has no DOM and no I/O`);
    }
    if (/\bnew\s+(Shared)?Worker\s*\(/.test(code) && layer !== 'src/lib/services') {
      problems.push(`${file.path} creates a Worker: only src/lib/services creates workers`);
    }
    if (/\bindexedDB\b/.test(code) && layer !== 'src/lib/db') {
      problems.push(`${file.path} uses indexedDB: only src/lib/db touches IndexedDB`);
    }
    if (/(^|[^.\w])fetch\s*\(/.test(code) && layer !== 'src/lib/net') {
      problems.push(`${file.path} calls fetch: only src/lib/net may fetch, and only from approved hosts`);
    }
  }
  return problems;
}

/** Every .ts, .js and .svelte file under the given folders. */
export function readSources(root: string, folders: string[]): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|js|svelte)$/.test(entry) && !entry.endsWith('.d.ts')) {
        files.push({ path: relative(root, full).replaceAll('\\', '/'), content: readFileSync(full, 'utf8') });
      }
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return files;
}

import { describe, expect, it } from 'vitest';
import { checkArchitecture, readSources } from './import-rules';

describe('the layering rules of DESIGN.md §3', () => {
  it('hold for the whole source tree', () => {
    const files = readSources(process.cwd(), ['src', 'workers']);
    expect(files.length).toBeGreaterThan(20);
    expect(checkArchitecture(files)).toEqual([]);
  });

  it('catch core importing a package, another layer, or a browser global', () => {
    const problems = checkArchitecture([
      {
        path: 'src/lib/core/a.ts',
        content: "import { openDB } from 'idb';\nimport x from '../db/open';\nconst w = window.innerWidth;"
      },
      { path: 'src/lib/core/b.ts', content: "import { ok } from './result';\nimport type { M } from './solver/milp';" }
    ]);
    expect(problems).toEqual([
      "src/lib/core/a.ts imports 'idb': src/lib/core imports nothing outside itself",
      "src/lib/core/a.ts imports 'idb': only src/lib/db touches IndexedDB",
      "src/lib/core/a.ts imports '../db/open': src/lib/core imports nothing outside itself",
      'src/lib/core/a.ts uses a browser global (window): core has no DOM and no I/O'
    ]);
  });

  it('catch UI importing solvers, idb or workers, or creating a worker', () => {
    const problems = checkArchitecture([
      {
        path: 'src/lib/ui/X.svelte',
        content:
          "<script>\nimport GLPK from 'glpk.js/node';\nimport W from '../../../workers/rebalance.worker?worker';\nnew Worker('x');\n</script>"
      },
      {
        path: 'src/routes/+page.svelte',
        content: "<script>\nimport { loadPortfolio } from '$lib/db/repositories/holdings';\n</script>"
      },
      {
        path: 'src/lib/ui/Y.svelte',
        content: "<script>\nimport type { HoldingView } from '$lib/db/repositories/holdings';\n</script>"
      }
    ]);
    expect(problems).toEqual([
      "src/lib/ui/X.svelte imports 'glpk.js/node': UI never imports solvers, onnxruntime, comlink or idb",
      "src/lib/ui/X.svelte imports '../../../workers/rebalance.worker?worker': UI never imports solver or model adapters or workers",
      "src/lib/ui/X.svelte imports '../../../workers/rebalance.worker?worker': only src/lib/services creates workers",
      'src/lib/ui/X.svelte creates a Worker: only src/lib/services creates workers',
      "src/routes/+page.svelte imports '$lib/db/repositories/holdings': components reach storage only through src/lib/state"
    ]);
  });

  it('catch workers holding more than core, adapters (storage included) and comlink, and stray fetch calls', () => {
    const problems = checkArchitecture([
      {
        path: 'workers/x.worker.ts',
        content:
          "import { expose } from 'comlink';\nimport { openKeelDb } from '../src/lib/db/open';\nimport { page } from '../src/lib/state/page.svelte';\nfetch('https://example.com');"
      },
      { path: 'src/lib/net/price-source.ts', content: 'await fetch(url);' }
    ]);
    expect(problems).toEqual([
      "workers/x.worker.ts imports '../src/lib/state/page.svelte': workers expose core and adapters (solvers, models, storage) with comlink and import nothing else",
      'workers/x.worker.ts calls fetch: only src/lib/net may fetch, and only from approved hosts'
    ]);
  });
});

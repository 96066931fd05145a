import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';

// SvelteKit's route announcer (a live region for screen readers) carries this style attribute.
// Allow exactly it by hash instead of allowing inline styles; tests/e2e/csp.spec.ts fails if
// SvelteKit ever changes it.
const ANNOUNCER_STYLE =
  'position: absolute; left: 0; top: 0; clip: rect(0 0 0 0); clip-path: inset(50%); overflow: hidden; white-space: nowrap; width: 1px; height: 1px';
const announcerHash = `sha256-${createHash('sha256').update(ANNOUNCER_STYLE).digest('base64')}`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', precompress: false }),
    // Absolute asset URLs: the service worker answers /p/123 with the root shell, and relative
    // URLs would then resolve under /p/.
    paths: { relative: false },
    // The PWA plugin generates and registers the service worker (see src/lib/pwa.ts).
    serviceWorker: { register: false },
    alias: { $workers: 'workers' },
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        // The opt-in price source (src/lib/net/price-source.ts) may reach a host the user
        // approved: any https origin, or http on this computer. Nothing else in the app fetches
        // (tests/architecture), and the default flows make no request off the origin (e2e).
        'connect-src': ['self', 'https:', 'http://127.0.0.1:*', 'http://localhost:*'],
        'script-src': ['self', 'wasm-unsafe-eval'],
        'style-src': ['self', 'unsafe-hashes', announcerHash],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        'worker-src': ['self'],
        'manifest-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['none'],
        'form-action': ['self']
      }
    }
  }
};

export default config;

import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';

/** The web app manifest; the PWA plugin writes it as manifest.webmanifest. */
const manifest = {
  name: 'Keel — private portfolio rebalancing',
  short_name: 'Keel',
  description: 'Plan exact rebalancing trades offline. Your portfolio never leaves this device.',
  id: '/',
  start_url: '/',
  scope: '/',
  display: 'standalone' as const,
  orientation: 'any' as const,
  background_color: '#0f2a44',
  theme_color: '#0f2a44',
  lang: 'en',
  categories: ['finance', 'productivity'],
  icons: [
    { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-192-maskable.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
    { src: '/icons/icon-512-maskable.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
  ]
};

export default defineConfig({
  plugins: [
    sveltekit(),
    SvelteKitPWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: false,
      manifest,
      kit: { adapterFallback: '200.html', spa: true },
      workbox: {
        // wasm is not in Workbox's default patterns: without it the solver is not precached.
        globPatterns: [
          'client/**/*.{js,css,ico,png,svg,webp,webmanifest,wasm,onnx,json,csv,gz,txt}',
          'prerendered/**/*.{html,json}'
        ],
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
        navigateFallback: '/200.html',
        // The first visit must be controlled without a reload; updates wait for the user's yes.
        clientsClaim: true,
        skipWaiting: false,
        cleanupOutdatedCaches: true
      }
    })
  ],
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['glpk.js', 'onnxruntime-web'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173, fs: { allow: ['workers'] } }
});

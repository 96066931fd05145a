import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';
import { manifest } from './src/lib/pwa-manifest';

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
        globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,webmanifest,wasm,onnx,json,csv}', 'prerendered/**/*.{html,json}'],
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

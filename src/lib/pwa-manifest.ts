/** The web app manifest (used by vite.config.ts; the PWA plugin writes manifest.webmanifest). */
export const manifest = {
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

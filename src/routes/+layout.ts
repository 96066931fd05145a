// A static single-page app: no server rendering; the shell is prerendered and every other path
// falls back to 200.html, which the service worker also serves offline.
export const ssr = false;
export const prerender = true;
export const trailingSlash = 'never';

/**
 * The one place that fetches. Default flows only read the app's own files (data sets shipped in
 * static/, precached by the service worker); anything on another origin is refused here.
 */

export class ForeignOriginError extends Error {}

/** The address of a file of the app itself; anything on another origin is refused. */
function appUrl(path: string): URL {
  const url = new URL(path, self.location.origin);
  if (url.origin !== self.location.origin)
    throw new ForeignOriginError(`Keel only reads its own files; refused ${url.origin}`);
  return url;
}

/** The offline cache's copy of an app file, when it holds one (keys may carry a revision query). */
async function cachedAppFile(url: URL): Promise<Response | undefined> {
  if (typeof caches === 'undefined') return undefined;
  const cached = await caches.match(url.href, { ignoreSearch: true });
  return cached?.ok ? cached : undefined;
}

/** Fetches a file of the app itself, by absolute path ("/data/…"). */
export async function fetchAppFile(path: string): Promise<ArrayBuffer> {
  const url = appUrl(path);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not read ${path} (HTTP ${response.status}).`);
  return response.arrayBuffer();
}

/**
 * The same, read from the offline cache first when it holds the file (workers use this for the
 * models: going through the service worker's fetch handler costs several times more).
 */
export async function readAppFile(path: string): Promise<Uint8Array> {
  const url = appUrl(path);
  const cached = await cachedAppFile(url);
  if (cached) return new Uint8Array(await cached.arrayBuffer());
  return new Uint8Array(await fetchAppFile(path));
}

/**
 * Compiles a WebAssembly file of the app as it is read (streaming compilation), from the offline
 * cache when it holds the file, so reading and compiling overlap and the bytes are never held.
 */
export async function compileAppWasm(path: string): Promise<WebAssembly.Module> {
  const url = appUrl(path);
  const response = (await cachedAppFile(url)) ?? (await fetch(url));
  if (!response.ok) throw new Error(`Could not read ${path} (HTTP ${response.status}).`);
  // Streaming compilation needs the wasm MIME type; a server without it still gets the bytes compiled.
  if (response.headers.get('content-type')?.startsWith('application/wasm'))
    return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}

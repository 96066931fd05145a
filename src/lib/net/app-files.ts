/**
 * The one place that fetches. Default flows only read the app's own files (data sets shipped in
 * static/, precached by the service worker); anything on another origin is refused here.
 */

export class ForeignOriginError extends Error {}

/** Fetches a file of the app itself, by absolute path ("/data/…"). */
export async function fetchAppFile(path: string): Promise<ArrayBuffer> {
  const url = new URL(path, self.location.origin);
  if (url.origin !== self.location.origin)
    throw new ForeignOriginError(`Keel only reads its own files; refused ${url.origin}`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not read ${path} (HTTP ${response.status}).`);
  return response.arrayBuffer();
}

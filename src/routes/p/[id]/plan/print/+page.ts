// Portfolio pages are client-side only: their ids exist only in this browser's storage.
export const prerender = false;

export function load({ params }: { params: { id: string } }) {
  return { id: Number(params.id) };
}

/**
 * The headline tokeniser and feature hashing, shared by training and inference so a headline
 * becomes the same model input in the training script, the command line and the browser.
 * Lower-cased words; links, cashtags, percentages and numbers become placeholder tokens; the
 * features are the word unigrams and bigrams, hashed (FNV-1a, 32-bit) into HASH_BUCKETS buckets,
 * each present n-gram setting its bucket to 1.
 */

export const HASH_BUCKETS = 16384;

const TOKEN = /<url>|<ticker>|<pct>|<num>|[a-z]+(?:'[a-z]+)?/g;

export function tokenize(text: string): string[] {
  const normalised = text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' <url> ')
    .replace(/\$[a-z][a-z0-9.]*/g, ' <ticker> ')
    .replace(/[+-]?\d[\d,.]*\s?%/g, ' <pct> ')
    .replace(/\d[\d,.]*/g, ' <num> ');
  return normalised.match(TOKEN) ?? [];
}

/** Unigrams, then bigrams joined by a space, in text order. */
export function ngrams(tokens: readonly string[]): string[] {
  const out = [...tokens];
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const bucketOf = (gram: string) => fnv1a(gram) % HASH_BUCKETS;

/** The model input row for one text, and which n-grams set which bucket (for explanations). */
export function hashText(text: string): { row: Float32Array; grams: { gram: string; bucket: number }[] } {
  const row = new Float32Array(HASH_BUCKETS);
  const grams: { gram: string; bucket: number }[] = [];
  const seen = new Set<string>();
  for (const gram of ngrams(tokenize(text))) {
    if (seen.has(gram)) continue;
    seen.add(gram);
    const bucket = bucketOf(gram);
    row[bucket] = 1;
    grams.push({ gram, bucket });
  }
  return { row, grams };
}

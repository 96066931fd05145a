// Draws Keel's app icons (a hull with its keel on a deep-blue square) as PNGs, with no image
// library: a tiny rasteriser with 4×4 supersampling and a PNG encoder over node:zlib.
// Run: node scripts/make-icons.js  (writes static/icons/*.png)
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const BACKGROUND = [15, 42, 68];
const HULL = [240, 246, 252];
const KEEL = [245, 183, 65];

/** Shapes in unit coordinates (0..1), drawn inside `scale` of the canvas around its centre. */
function shapes(x, y) {
  // Hull: a trapezoid, wide on deck, narrow at the waterline.
  const hullTop = 0.38,
    hullBottom = 0.56;
  if (y >= hullTop && y <= hullBottom) {
    const t = (y - hullTop) / (hullBottom - hullTop);
    const half = 0.4 - 0.22 * t;
    if (Math.abs(x - 0.5) <= half) return HULL;
  }
  // Keel: a tapered fin below the hull.
  if (y > hullBottom && y <= 0.84) {
    const t = (y - hullBottom) / (0.84 - hullBottom);
    const half = 0.05 - 0.02 * t;
    if (Math.abs(x - 0.5) <= half) return KEEL;
  }
  // Mast.
  if (y >= 0.14 && y < hullTop && Math.abs(x - 0.5) <= 0.018) return HULL;
  return null;
}

function render(size, scale) {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (px + (sx + 0.5) / samples) / size;
          const v = (py + (sy + 0.5) / samples) / size;
          const colour = shapes((u - 0.5) / scale + 0.5, (v - 0.5) / scale + 0.5) ?? BACKGROUND;
          for (let c = 0; c < 3; c++) sum[c] += colour[c];
        }
      }
      const offset = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[offset + c] = Math.round(sum[c] / (samples * samples));
      pixels[offset + 3] = 255;
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0))
  ]);
}

// "any" icons use the full square; maskable ones keep the drawing inside the 80 % safe zone.
for (const size of [192, 512]) {
  writeFileSync(`static/icons/icon-${size}.png`, png(size, render(size, 1)));
  writeFileSync(`static/icons/icon-${size}-maskable.png`, png(size, render(size, 0.72)));
}
writeFileSync('static/icons/apple-touch-icon.png', png(180, render(180, 0.9)));
console.log('icons written to static/icons/');

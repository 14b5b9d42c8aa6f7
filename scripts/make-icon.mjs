// Draws the extension icon (docs/extension/icon.png, 128x128 PNG): a shield with a padlock. No image
// library: shapes are tested per pixel on a 4x4 subpixel grid (anti-aliasing) and written as a PNG with
// node:zlib. Deterministic: `node scripts/make-icon.mjs --check` fails when the committed icon differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 128;
const SUB = 4;
const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'extension', 'icon.png');

const NAVY = [20, 33, 46];
const ORANGE = [255, 153, 0];
const WHITE = [250, 250, 250];

/** Half-width of the shield at height y (coordinates in [-1, 1], y downwards), scaled by s. */
function inShield(x, y, s) {
  const top = -0.86 * s;
  const bottom = 0.96 * s;
  if (y < top || y > bottom) return false;
  const shoulder = 0.08 * s;
  const w = 0.8 * s;
  if (y < shoulder) return Math.abs(x) <= w - 0.12 * s * Math.max(0, (y - top) / (shoulder - top) - 0.85) ;
  const t = (y - shoulder) / (bottom - shoulder);
  return Math.abs(x) <= w * Math.sqrt(Math.max(0, 1 - t * t));
}

function roundedRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The colour at a point, or undefined outside the shape. */
function colour(x, y) {
  if (!inShield(x, y, 1)) return undefined;
  if (!inShield(x, y - 0.03, 0.86)) return ORANGE;
  // padlock: shackle (a ring above the body), body, keyhole
  const body = roundedRect(x, y, -0.34, -0.02, 0.34, 0.5, 0.07);
  const d = Math.hypot(x, y + 0.02);
  const shackle = y < 0 && d <= 0.26 && d >= 0.15;
  const legs = y >= -0.02 && y < 0.02 && Math.abs(x) >= 0.15 && Math.abs(x) <= 0.26;
  if (body) {
    const keyhole = Math.hypot(x, y - 0.17) <= 0.075 || (Math.abs(x) <= 0.03 && y >= 0.17 && y <= 0.33);
    return keyhole ? NAVY : WHITE;
  }
  if (shackle || legs) return WHITE;
  return NAVY;
}

function draw() {
  const rows = [];
  for (let py = 0; py < SIZE; py++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
    for (let px = 0; px < SIZE; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SUB; sy++)
        for (let sx = 0; sx < SUB; sx++) {
          const x = ((px + (sx + 0.5) / SUB) / SIZE) * 2 - 1;
          const y = ((py + (sy + 0.5) / SUB) / SIZE) * 2 - 1;
          const c = colour(x * 1.04, y * 1.04);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; a++;
        }
      const o = 1 + px * 4;
      if (a) {
        row[o] = Math.round(r / a);
        row[o + 1] = Math.round(g / a);
        row[o + 2] = Math.round(b / a);
      }
      row[o + 3] = Math.round((a / (SUB * SUB)) * 255);
    }
    rows.push(row);
  }
  return rows;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

export function png() {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(draw()), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const data = png();
  if (process.argv.includes('--check')) {
    let same = false;
    try {
      same = readFileSync(file).equals(data);
    } catch {}
    if (!same) {
      console.error('make-icon --check: docs/extension/icon.png differs from scripts/make-icon.mjs; run `node scripts/make-icon.mjs`');
      process.exit(1);
    }
  } else {
    writeFileSync(file, data);
    console.log(`make-icon: wrote docs/extension/icon.png (${data.length} bytes)`);
  }
}

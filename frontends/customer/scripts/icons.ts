// Draws the app's icon, Android adaptive icon, splash mark and favicon (a white paw on PetPro green)
// into assets/ as PNG, with Node's zlib only. Run once when the mark changes: node scripts/icons.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
const GREEN: Rgba = [0x0b, 0x6e, 0x4f, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** The paw in a unit square: a pad and four toes (centre x, centre y, radius x, radius y). */
const PAW: [number, number, number, number][] = [
  [0.5, 0.64, 0.2, 0.16],
  [0.28, 0.4, 0.075, 0.095],
  [0.42, 0.3, 0.075, 0.095],
  [0.58, 0.3, 0.075, 0.095],
  [0.72, 0.4, 0.075, 0.095],
];

function draw(size: number, background: Rgba, paw: Rgba, scale: number): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let x = 0; x < size; x += 1) {
      // Centre the paw at `scale` of the canvas (adaptive icons keep a safe zone).
      const u = (x / size - 0.5) / scale + 0.5;
      const v = (y / size - 0.5) / scale + 0.5;
      const inside = PAW.some(([cx, cy, rx, ry]) => ((u - cx) / rx) ** 2 + ((v - cy) / ry) ** 2 <= 1);
      Buffer.from(inside ? paw : background).copy(row, 1 + x * 4);
    }
    rows.push(row);
  }
  return png(size, size, Buffer.concat(rows));
}

function png(width: number, height: number, raw: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const assets = resolve(import.meta.dirname, '..', 'assets');
mkdirSync(assets, { recursive: true });
writeFileSync(resolve(assets, 'icon.png'), draw(1024, GREEN, WHITE, 0.8));
writeFileSync(resolve(assets, 'adaptive-icon.png'), draw(1024, CLEAR, WHITE, 0.6));
writeFileSync(resolve(assets, 'splash-icon.png'), draw(512, CLEAR, GREEN, 0.9));
writeFileSync(resolve(assets, 'favicon.png'), draw(48, GREEN, WHITE, 0.85));
console.log(`icons written to ${assets}`);

import { PNG } from 'pngjs';

/** Width and height from a PNG's IHDR chunk (and a check that it is a PNG at all). */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = png.subarray(0, 8).toString('hex');
  if (signature !== '89504e470d0a1a0a') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** How two same-sized images differ: mean absolute channel difference (0-255) and share of changed pixels. */
export function imageDifference(a: Buffer, b: Buffer): { mean: number; changed: number; sameSize: boolean } {
  const x = PNG.sync.read(a);
  const y = PNG.sync.read(b);
  if (x.width !== y.width || x.height !== y.height) return { mean: 255, changed: 1, sameSize: false };
  let total = 0;
  let changed = 0;
  for (let i = 0; i < x.data.length; i += 4) {
    let pixel = 0;
    for (let c = 0; c < 3; c++) pixel += Math.abs((x.data[i + c] ?? 0) - (y.data[i + c] ?? 0));
    total += pixel / 3;
    // A pixel counts as changed when it moved visibly (anti-aliasing jitter stays below this).
    if (pixel / 3 > 40) changed++;
  }
  const pixels = x.data.length / 4;
  return { mean: total / pixels, changed: changed / pixels, sameSize: true };
}

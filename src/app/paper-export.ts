/**
 * The Paper view's downloads that need the page: a figure as PNG (its SVG drawn on a canvas) and the
 * files (JSON, CSV, Markdown, SVG) as blobs. What goes into them is paper-view.ts's, tested apart.
 */
import type { Figure } from '../core/experiments/reproduce/types';
import { download } from './Export';
import { svgDataUrl } from './paper-view';

/** Writes `text` as `name` of `type`. */
export function downloadText(name: string, text: string, type: string): void {
  download(name, new Blob([text], { type }));
}

/** The figure as a PNG at `scale` × its SVG size, on white (the SVG has its own white background). */
export async function figurePng(figure: Figure, scale = 2): Promise<Blob> {
  const img = new Image();
  img.src = svgDataUrl(figure.svg);
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(img.naturalWidth * scale);
  canvas.height = Math.round(img.naturalHeight * scale);
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('this browser gives no 2-D canvas');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (blob === null) reject(new Error('the figure could not be drawn as a PNG'));
      else resolve(blob);
    }, 'image/png');
  });
}

/**
 * Pixels of an SVG picture, made by the browser: the SVG as an <img> (a data: URL, which the
 * app's Content-Security-Policy allows for images), drawn on a canvas at a scale. The app's
 * Export uses it for PNG pictures, GIF frames and numbered PNG frames (app-export.ts).
 */
import type { PictureDrawer } from './app-export.ts';
import type { RgbaFrame } from './gif.ts';

async function canvasOf(svg: string, scale: number): Promise<{ canvas: HTMLCanvasElement; context: CanvasRenderingContext2D }> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(image.naturalWidth * scale);
  canvas.height = Math.round(image.naturalHeight * scale);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('this browser cannot draw on a canvas, so no PNG or GIF can be made');
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return { canvas, context };
}

export const browserDrawer: PictureDrawer = {
  async png(svg, scale) {
    const { canvas } = await canvasOf(svg, scale);
    const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/png'));
    if (blob === null) throw new Error('the picture could not be encoded as PNG');
    return new Uint8Array(await blob.arrayBuffer());
  },
  async rgba(svg, scale): Promise<RgbaFrame> {
    const { canvas, context } = await canvasOf(svg, scale);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    return { width: pixels.width, height: pixels.height, data: pixels.data };
  },
};

/** The player page the build carries beside the app (vite-player-asset.ts). */
export async function fetchPlayerTemplate(): Promise<string> {
  const response = await fetch(new URL('player.html', document.baseURI));
  if (!response.ok) throw new Error(`the HTML player page is missing from this build (player.html: ${response.status}); rebuild with npm run build:cli`);
  return response.text();
}

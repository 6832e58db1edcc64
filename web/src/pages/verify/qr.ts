// Reading a 亮证码 from pixels with jsQR: camera frames and uploaded images. The wallet may put the presentation
// in the QR as compact bytes (src/modules/credentials/qr-codec.ts) or as text; both come back as text.
import jsQR from 'jsqr';
import { decodePresentation, isEncodedPresentation } from '../../../../src/modules/credentials/qr-codec';

/** The presentation in a decoded QR symbol. */
export function presentationFromSymbol(binary: ArrayLike<number>, text: string): string {
  if (isEncodedPresentation(binary)) {
    try {
      return decodePresentation(binary);
    } catch {
      /* not a well-formed encoding: give the text to the verifier, which reports it as unreadable */
    }
  }
  return text.trim();
}

/** Decodes the QR in an RGBA frame, or null. */
export function decodeFrame(image: ImageData, thorough = false): string | null {
  const code = jsQR(image.data, image.width, image.height, { inversionAttempts: thorough ? 'attemptBoth' : 'dontInvert' });
  return code ? presentationFromSymbol(code.binaryData, code.data) : null;
}

/** Draws a source onto a canvas at `width` × `height` and decodes it. */
export function decodeDrawable(canvas: HTMLCanvasElement, source: CanvasImageSource, width: number, height: number, thorough = false): string | null {
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) return null;
  g.imageSmoothingEnabled = true;
  g.drawImage(source, 0, 0, width, height);
  return decodeFrame(g.getImageData(0, 0, width, height), thorough);
}

const MAX_SCALED = 1200;

/** Decodes the QR in an image file: at its natural size first, then scaled down to at most 1200 px. */
export async function decodeImageFile(file: Blob): Promise<string | null> {
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    const w = img.naturalWidth;
    const h = img.naturalHeight;
    const found = decodeDrawable(canvas, img, w, h, true);
    if (found) return found;
    const scale = Math.min(1, MAX_SCALED / Math.max(w, h));
    if (scale < 1) return decodeDrawable(canvas, img, Math.round(w * scale), Math.round(h * scale), true);
    return null;
  } finally {
    URL.revokeObjectURL(url);
  }
}

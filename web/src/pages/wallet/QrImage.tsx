import { useEffect, useState } from 'react';
import { Alert } from 'antd';
import QRCode from 'qrcode';
import { useTranslation } from 'react-i18next';
import { encodePresentation, readableQrVersion } from '../../../../src/modules/credentials/qr-codec';

/** Largest CSS width of the QR; on a narrower phone it takes the screen's width less the page's margins. */
export const QR_CSS_WIDTH = 420;
const PAGE_MARGINS_CSS = 56;
const QUIET_ZONE = 4;

interface Rendered { text: string; url: string | null; cssWidth: number; error: string | null }

/**
 * A QR code as a PNG in an <img> (error correction L, quiet zone 4 modules). A presentation goes in as its
 * compact bytes (qr-codec.ts: a quarter smaller, several QR versions fewer); other text as it is. Every
 * module is a whole number of device pixels, drawn 1:1 (the CSS width is the PNG's width over the device
 * pixel ratio): a dense code scaled by a fraction gets modules of uneven width, which scanners misread.
 */
export default function QrImage({ text, testId, alt }: { text: string; testId: string; alt: string }) {
  const { t } = useTranslation();
  const [rendered, setRendered] = useState<Rendered>({ text: '', url: null, cssWidth: 0, error: null });

  useEffect(() => {
    let live = true;
    try {
      const bytes = encodePresentation(text);
      const content = bytes ? [{ data: bytes, mode: 'byte' as const }] : text;
      const version = readableQrVersion(QRCode.create(content, { errorCorrectionLevel: 'L' }).version);
      const modules = 17 + 4 * version + 2 * QUIET_ZONE;
      const dpr = window.devicePixelRatio || 1;
      const available = Math.min(QR_CSS_WIDTH, window.innerWidth - PAGE_MARGINS_CSS) * dpr;
      const scale = Math.max(2, Math.floor(available / modules));
      QRCode.toDataURL(content, { errorCorrectionLevel: 'L', version, margin: QUIET_ZONE, scale, type: 'image/png' })
        .then((url) => live && setRendered({ text, url, cssWidth: (modules * scale) / dpr, error: null }))
        .catch((err: unknown) => live && setRendered({ text, url: null, cssWidth: 0, error: err instanceof Error ? err.message : String(err) }));
    } catch {
      setRendered({ text, url: null, cssWidth: 0, error: t('wallet.show.tooLong') });
    }
    return () => {
      live = false;
    };
  }, [text, t]);

  if (rendered.error) return <Alert type="error" showIcon message={rendered.error} />;
  const width = rendered.cssWidth || Math.min(QR_CSS_WIDTH, window.innerWidth - PAGE_MARGINS_CSS);
  return (
    <div style={{ textAlign: 'center' }}>
      <div style={{ display: 'inline-block', background: '#fff', width, height: width }}>
        {rendered.url && rendered.text === text && (
          <img src={rendered.url} alt={alt} data-testid={testId} width={width} height={width} style={{ display: 'block', imageRendering: 'pixelated' }} />
        )}
      </div>
    </div>
  );
}

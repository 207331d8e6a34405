import { createHash } from 'node:crypto';
import QRCode from 'qrcode';

/**
 * A voucher's `assets`: a QR code and a Code 128 barcode of its code, as SVG data URIs, so that they work in
 * an e-mail or a page without a call back to the API. Both are drawn on demand from the code alone.
 */

const svgUri = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

/** A QR code (error correction M, 4-module quiet zone) as one SVG path. */
export function qrSvg(text: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const quiet = 4;
  let path = '';
  // One rectangle per horizontal run of dark modules keeps the SVG about a third of one per module.
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; ) {
      if (!modules.get(y, x)) {
        x++;
        continue;
      }
      let run = 1;
      while (x + run < size && modules.get(y, x + run)) run++;
      path += `M${x + quiet} ${y + quiet}h${run}v1h-${run}z`;
      x += run;
    }
  }
  const dim = size + quiet * 2;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${dim} ${dim}" shape-rendering="crispEdges">` +
    `<rect width="${dim}" height="${dim}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
  );
}

// Code 128 bar/space widths of each symbol value 0..106 (106 is STOP, which has a 7th, final bar).
const PATTERNS =
  '212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 112232 122132 122231 ' +
  '113222 123122 123221 223211 221132 221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 ' +
  '212123 212321 232121 111323 131123 131321 112313 132113 132311 211313 231113 231311 112133 112331 132131 ' +
  '113123 113321 133121 313121 211331 231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 ' +
  '314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 112412 122114 122411 142112 142211 ' +
  '241211 221114 413111 241112 134111 111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 ' +
  '214121 412121 111143 111341 131141 114113 114311 411113 411311 113141 114131 311141 411131 211412 211214 ' +
  '211232 2331112';
const SYMBOLS = PATTERNS.split(' ');
const START_B = 104;
const START_C = 105;
const STOP = 106;

/** The symbol values of a Code 128 text: code set C for all-digit even-length codes, B otherwise. */
function code128Values(text: string): number[] | null {
  if (/^(\d\d)+$/.test(text)) {
    const values = [START_C];
    for (let i = 0; i < text.length; i += 2) values.push(Number(text.slice(i, i + 2)));
    return values;
  }
  const values = [START_B];
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch.length !== 1 || c < 32 || c > 126) return null;
    values.push(c - 32);
  }
  return values;
}

/** A Code 128 barcode as SVG; null when the code has characters Code 128 cannot carry (then QR only). */
export function barcodeSvg(text: string): string | null {
  const values = code128Values(text);
  if (!values) return null;
  const checksum = values.reduce((sum, v, i) => sum + v * (i === 0 ? 1 : i), 0) % 103;
  const widths = [...values, checksum, STOP].map((v) => SYMBOLS[v]).join('');
  const quiet = 10;
  const height = 50;
  let x = quiet;
  let bars = '';
  for (let i = 0; i < widths.length; i++) {
    const w = Number(widths[i]);
    if (i % 2 === 0) bars += `M${x} 0h${w}v${height}h-${w}z`;
    x += w;
  }
  const width = x + quiet;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" shape-rendering="crispEdges">` +
    `<rect width="${width}" height="${height}" fill="#fff"/><path d="${bars}" fill="#000"/></svg>`
  );
}

const assetId = (kind: string, voucherId: string) =>
  createHash('sha256').update(`${kind}:${voucherId}`).digest('hex').slice(0, 32);

export interface VoucherAssets {
  qr: { id: string; url: string };
  barcode?: { id: string; url: string };
}

/** `assets` of a voucher. */
export function voucherAssets(voucherId: string, code: string): VoucherAssets {
  const out: VoucherAssets = { qr: { id: assetId('qr', voucherId), url: svgUri(qrSvg(code)) } };
  const bar = barcodeSvg(code);
  if (bar) out.barcode = { id: assetId('barcode', voucherId), url: svgUri(bar) };
  return out;
}

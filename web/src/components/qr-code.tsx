/**
 * A QR code (ISO/IEC 18004) drawn as inline SVG, for the TOTP enrolment's `otpauth://` URI.
 * Encoding by `qrcode-generator` (runs in the page; nothing leaves it). The URI is also shown as
 * text, since not everyone can scan.
 */
import qrcode from 'qrcode-generator';
import type { ReactNode } from 'react';

/** The dark modules of `text` as one SVG path in module units, and the module count. */
export function qrPath(text: string): { path: string; size: number } {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  let path = '';
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) if (qr.isDark(r, c)) path += `M${c} ${r}h1v1h-1z`;
  }
  return { path, size };
}

export function QrCode(props: { readonly text: string; readonly label: string }): ReactNode {
  const { path, size } = qrPath(props.text);
  const quiet = 4;
  const box = size + quiet * 2;
  return (
    <svg
      className="qr"
      role="img"
      aria-label={props.label}
      viewBox={`${-quiet} ${-quiet} ${box} ${box}`}
      width={box * 5}
      height={box * 5}
      shapeRendering="crispEdges"
    >
      <rect x={-quiet} y={-quiet} width={box} height={box} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

import { COURIER_NAMES, serviceOf } from './vocabulary.ts';
import type { SandboxPlace, SandboxShippingOrder } from './state.ts';

/**
 * The sandbox's own waybill document, served at the order's `label_url`: a one-page PDF 1.4 (4 × 6
 * inches, standard Helvetica, text only) saying plainly that it is a sandbox waybill, with the
 * courier and service, the waybill number, sender, recipient, weight and items. Biteship prints
 * labels from its dashboard, not through its API; the sandbox links one so that the adapter's
 * "the carrier handed over a label" path runs on this machine. It is written here, not by the
 * platform's label renderer, so that what the adapter receives is the carrier's and not its own. No I/O.
 */

const PAGE = { width: 288, height: 432 } as const;
const MARGIN = 16;

/** What standard Helvetica can show: ASCII with accents folded, anything else a '?'; PDF string escapes; at most `max` characters. */
function pdfString(value: string, max = 52): string {
  const folded = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
  const cut = folded.length > max ? `${folded.slice(0, max - 3)}...` : folded;
  return `(${cut.replace(/[\\()]/g, (char) => `\\${char}`)})`;
}

const place = (who: string, where: SandboxPlace): [string, string][] => [
  ['F2', who],
  ['F1', where.name],
  ['F1', where.phone],
  ['F1', where.address],
  ...(where.postalCode ? [['F1', where.postalCode] as [string, string]] : []),
];

/** The PDF bytes of `order`'s sandbox waybill. */
export function sandboxWaybill(order: SandboxShippingOrder): Uint8Array {
  const service = serviceOf(order.courier, order.type);
  // [font, size, text] top to bottom; the waybill is a string of its own, as couriers print it.
  const lines: [string, number, string][] = [
    ['F2', 12, 'BITESHIP SANDBOX WAYBILL'],
    ['F1', 8, 'Local sandbox only: not a courier label, nothing ships.'],
    ['F2', 14, `${COURIER_NAMES[order.courier]} ${service?.name ?? order.type}`],
    ['F2', 18, order.waybillId],
    ...place('From', order.origin).map(([font, text]): [string, number, string] => [font, 9, text]),
    ...place('To', order.destination).map(([font, text]): [string, number, string] => [font, 9, text]),
    ['F1', 9, `Weight: ${order.weightGrams} g`],
    ['F1', 9, `Reference: ${order.referenceId ?? order.id}`],
    ...order.items.slice(0, 6).map((item): [string, number, string] => ['F1', 8, `${item.quantity} x ${item.name}`]),
    ['F1', 8, `Biteship order ${order.id}, ${order.createdAt}`],
  ];
  let y = PAGE.height - MARGIN;
  const text = lines
    .map(([font, size, line]) => {
      y -= size + 5;
      return `BT /${font} ${size} Tf ${MARGIN} ${y} Td ${pdfString(line)} Tj ET`;
    })
    .join('\n');

  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ];
  // Everything is ASCII, so string lengths are byte offsets.
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

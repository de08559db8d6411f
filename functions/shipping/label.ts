/**
 * The shipping label: a one-page PDF (4 × 6 inches, the thermal label size couriers' drop points
 * print) with the courier and service, the waybill as a Code 128 barcode, sender, recipient,
 * weight and the order. Written by hand as PDF 1.4 (standard Helvetica, no embedded fonts, bars as
 * filled rectangles): no library, a few KB per label. No I/O.
 */

export interface LabelParty {
  name: string;
  phone: string;
  address: string;
  postalCode?: string | undefined;
}

export interface LabelContent {
  trackingNumber: string;
  /** `JNE`, `SiCepat`, `Grab`. */
  courierName: string;
  /** `REG`, `YES`, `BEST`, `instant`, `same_day`. */
  service: string;
  sender: LabelParty;
  recipient: LabelParty;
  weightGrams: number;
  orderId: string;
  shipmentId: string;
  items: { name: string; quantity: number }[];
  /** ISO instant the shipment was booked. */
  bookedAt: string;
}

// ---------------------------------------------------------------- Code 128

/**
 * Bar/space widths (in modules) of the 107 Code 128 symbols, by value: bar, space, bar, space, bar,
 * space (the stop symbol adds a final bar). Each symbol is 11 modules wide, the stop 13.
 */
const CODE128_WIDTHS = [
  '212222',
  '222122',
  '222221',
  '121223',
  '121322',
  '131222',
  '122213',
  '122312',
  '132212',
  '221213',
  '221312',
  '231212',
  '112232',
  '122132',
  '122231',
  '113222',
  '123122',
  '123221',
  '223211',
  '221132',
  '221231',
  '213212',
  '223112',
  '312131',
  '311222',
  '321122',
  '321221',
  '312212',
  '322112',
  '322211',
  '212123',
  '212321',
  '232121',
  '111323',
  '131123',
  '131321',
  '112313',
  '132113',
  '132311',
  '211313',
  '231113',
  '231311',
  '112133',
  '112331',
  '132131',
  '113123',
  '113321',
  '133121',
  '313121',
  '211331',
  '231131',
  '213113',
  '213311',
  '213131',
  '311123',
  '311321',
  '331121',
  '312113',
  '312311',
  '332111',
  '314111',
  '221411',
  '431111',
  '111224',
  '111422',
  '121124',
  '121421',
  '141122',
  '141221',
  '112214',
  '112412',
  '122114',
  '122411',
  '142112',
  '142211',
  '241211',
  '221114',
  '413111',
  '241112',
  '134111',
  '111242',
  '121142',
  '121241',
  '114212',
  '124112',
  '124211',
  '411212',
  '421112',
  '421211',
  '212141',
  '214121',
  '412121',
  '111143',
  '111341',
  '131141',
  '114113',
  '114311',
  '411113',
  '411311',
  '113141',
  '114131',
  '311141',
  '411131',
  '211412',
  '211214',
  '211232',
  '2331112',
] as const;
export const CODE128_START_B = 104;
export const CODE128_STOP = 106;

/** The symbol values of `text` in Code 128 set B (printable ASCII): start, data, check symbol, stop. */
export function code128Values(text: string): number[] {
  if (text.length === 0) throw new RangeError('nothing to encode');
  const data = [...text].map((char) => {
    const code = char.charCodeAt(0);
    if (code < 32 || code > 126) throw new RangeError(`Code 128 B cannot encode ${JSON.stringify(char)}`);
    return code - 32;
  });
  const check = data.reduce((sum, value, index) => sum + value * (index + 1), CODE128_START_B) % 103;
  return [CODE128_START_B, ...data, check, CODE128_STOP];
}

/** The barcode as modules, `1` = bar, `0` = space (quiet zones not included). */
export function code128Modules(text: string): string {
  return code128Values(text)
    .map((value) =>
      [...CODE128_WIDTHS[value]!].map((width, index) => (index % 2 === 0 ? '1' : '0').repeat(Number(width))).join(''),
    )
    .join('');
}

export const code128Widths = (value: number): string => CODE128_WIDTHS[value]!;

// ---------------------------------------------------------------- PDF

const PAGE = { width: 288, height: 432 } as const;
const MARGIN = 14;

/** What Helvetica under WinAnsiEncoding can show: accents folded, anything else a '?'; PDF string escapes. */
function pdfText(value: string): string {
  const folded = value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return [...folded]
    .map((char) => {
      const code = char.charCodeAt(0);
      if (char === '\\' || char === '(' || char === ')') return `\\${char}`;
      return code >= 32 && code <= 126 ? char : '?';
    })
    .join('');
}

/** Greedy word wrap to about `max` characters a line (Helvetica at 8–9 pt fits ~55 on the label). */
function wrap(value: string, max: number, lines = 3): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of value.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= max) line = next;
    else {
      if (line) out.push(line);
      line = word.length > max ? `${word.slice(0, max - 1)}-` : word;
    }
  }
  if (line) out.push(line);
  return out.length > lines ? [...out.slice(0, lines - 1), `${out[lines - 1]!.slice(0, max - 3)}...`] : out;
}

const formatWeight = (grams: number) =>
  grams >= 1000 ? `${(grams / 1000).toFixed(grams % 1000 === 0 ? 0 : 1)} kg` : `${grams} g`;

/** Jakarta wall-clock time, "2026-11-26 14:05 WIB". */
const jakarta = (iso: string) =>
  `${new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')} WIB`;

/** The page's content stream: text and filled rectangles, in points from the bottom-left. */
function contentStream(label: LabelContent): string {
  const ops: string[] = [];
  const text = (x: number, y: number, size: number, value: string, bold = false) =>
    ops.push(`BT /${bold ? 'F2' : 'F1'} ${size} Tf ${x.toFixed(2)} ${y.toFixed(2)} Td (${pdfText(value)}) Tj ET`);
  const rule = (y: number) => ops.push(`${MARGIN} ${y.toFixed(2)} ${PAGE.width - 2 * MARGIN} 0.8 re f`);

  let y = PAGE.height - MARGIN - 16;
  text(MARGIN, y, 16, `${label.courierName} ${label.service}`, true);
  text(PAGE.width - MARGIN - 42, y + 2, 10, 'PetPro', true);
  y -= 10;
  rule(y);

  // The waybill barcode: 10 modules of quiet zone on each side, as wide as the label allows.
  const modules = code128Modules(label.trackingNumber);
  const quiet = 10;
  const module = Math.min(1.6, (PAGE.width - 2 * MARGIN) / (modules.length + 2 * quiet));
  const barHeight = 58;
  const left = (PAGE.width - modules.length * module) / 2;
  y -= 8 + barHeight;
  let run = 0;
  for (let i = 0; i <= modules.length; i += 1) {
    if (modules[i] === '1') run += 1;
    else if (run > 0) {
      ops.push(
        `${(left + (i - run) * module).toFixed(3)} ${y.toFixed(2)} ${(run * module).toFixed(3)} ${barHeight} re f`,
      );
      run = 0;
    }
  }
  y -= 14;
  const number = label.trackingNumber;
  text((PAGE.width - number.length * 6.7) / 2, y, 12, number, true);
  y -= 10;
  rule(y);

  const party = (title: string, who: LabelParty) => {
    y -= 13;
    text(MARGIN, y, 8, title, true);
    y -= 12;
    text(MARGIN, y, 11, who.name.length > 40 ? `${who.name.slice(0, 39)}...` : who.name, true);
    y -= 11;
    text(MARGIN, y, 9, `Telp. ${who.phone}`, true);
    for (const line of wrap(`${who.address}${who.postalCode ? ` ${who.postalCode}` : ''}`, 52)) {
      y -= 11;
      text(MARGIN, y, 9, line);
    }
    y -= 7;
    rule(y);
  };
  party('PENERIMA / TO', label.recipient);
  party('PENGIRIM / FROM', label.sender);

  y -= 14;
  text(MARGIN, y, 9, `Berat / Weight: ${formatWeight(label.weightGrams)}`, true);
  text(PAGE.width / 2, y, 9, `Layanan / Service: ${label.courierName} ${label.service}`, true);
  y -= 12;
  text(MARGIN, y, 8, `Pesanan / Order: ${label.orderId}`);
  y -= 10;
  text(MARGIN, y, 8, `Pengiriman / Shipment: ${label.shipmentId}`);
  y -= 10;
  text(MARGIN, y, 8, `Dipesan / Booked: ${jakarta(label.bookedAt)}`);
  y -= 6;
  rule(y);
  y -= 12;
  text(MARGIN, y, 8, 'Isi paket / Contents', true);
  const shown = label.items.slice(0, Math.max(1, Math.floor((y - MARGIN - 10) / 10)));
  for (const item of shown) {
    y -= 10;
    text(MARGIN, y, 8, `${item.quantity} x ${wrap(item.name, 50, 1)[0] ?? ''}`);
  }
  if (shown.length < label.items.length) {
    y -= 10;
    text(MARGIN, y, 8, `+ ${label.items.length - shown.length} lainnya / more`);
  }
  return ops.join('\n');
}

/** The label as PDF bytes (starts with `%PDF-1.4`). */
export function renderLabel(label: LabelContent): Uint8Array {
  const stream = contentStream(label);
  const created = label.bookedAt.replace(/[-:T]/g, '').slice(0, 14);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    `<< /Title (${pdfText(`Label ${label.trackingNumber}`)}) /Producer (PetPro) /CreationDate (D:${created}Z) >>`,
  ];
  // Byte offsets for the cross-reference table: latin1 keeps one byte per character.
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

import { describe, expect, it } from 'vitest';
import { code128Modules, code128Values, code128Widths, renderLabel, type LabelContent } from './label.ts';

const label: LabelContent = {
  trackingNumber: '8825112045716713',
  courierName: 'JNE',
  service: 'REG',
  sender: {
    name: 'Toko Hewan Sahabat (Kemang)',
    phone: '+6281234567890',
    address: 'Jl. Kemang Raya No. 45, Jakarta, DKI Jakarta',
    postalCode: '12730',
  },
  recipient: {
    name: 'Budi Santoso',
    phone: '+6281298765432',
    address: 'Jl. Dago No. 10, Coblong, Bandung, Jawa Barat',
    postalCode: '40135',
  },
  weightGrams: 1250,
  orderId: '01JD0000000000000000000000',
  shipmentId: '01JD0000000000000000000001',
  items: [
    { name: 'Royal Canin Kitten 2 kg', quantity: 1 },
    { name: 'Pasir kucing \\ wangi (lavender)', quantity: 2 },
  ],
  bookedAt: '2026-11-26T07:05:00.000Z',
};

describe('Code 128', () => {
  it('has 107 distinct symbols, 11 modules wide (the stop 13), with an even number of bar modules each', () => {
    const symbols = Array.from({ length: 107 }, (_value, index) => code128Widths(index));
    expect(new Set(symbols).size).toBe(107);
    symbols.forEach((widths, value) => {
      const sum = [...widths].reduce((total, width) => total + Number(width), 0);
      expect(sum, `symbol ${value}`).toBe(value === 106 ? 13 : 11);
      const bars = [...widths]
        .filter((_width, index) => index % 2 === 0)
        .reduce((total, width) => total + Number(width), 0);
      expect(bars % 2, `bar modules of symbol ${value}`).toBe(0);
    });
  });

  it('encodes set B with the modulo-103 check symbol', () => {
    // Start B (104), 'A' = 33, '1' = 17: check = (104 + 33·1 + 17·2) mod 103 = 68.
    expect(code128Values('A1')).toEqual([104, 33, 17, 68, 106]);
    const modules = code128Modules('A1');
    expect(modules).toHaveLength(11 * 4 + 13);
    // Start B is 11010010000; every symbol starts with a bar; the stop ends with two bars.
    expect(modules.startsWith('11010010000')).toBe(true);
    expect(modules.endsWith('1100011101011')).toBe(true);
  });

  it('refuses what set B cannot show', () => {
    expect(() => code128Values('')).toThrow(RangeError);
    expect(() => code128Values('résumé')).toThrow(RangeError);
  });
});

describe('the label PDF', () => {
  const pdf = Buffer.from(renderLabel(label));
  const text = pdf.toString('latin1');

  it('is a one-page PDF 1.4 whose cross-reference table points at its objects', () => {
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
    expect(entries).toHaveLength(7);
    entries.forEach((offset, index) =>
      expect(text.slice(offset, offset + `${index + 1} 0 obj`.length)).toBe(`${index + 1} 0 obj`),
    );
    expect(text).toContain('/Type /Page ');
    expect(text).toContain('/MediaBox [0 0 288 432]');
    const length = Number(/<< \/Length (\d+) >>\nstream\n/.exec(text)![1]);
    const start = text.indexOf('stream\n') + 'stream\n'.length;
    expect(text.slice(start + length, start + length + '\nendstream'.length)).toBe('\nendstream');
  });

  it('shows the courier, the waybill, both parties, the weight and the order, with PDF strings escaped', () => {
    for (const shown of [
      'JNE REG',
      '(8825112045716713)',
      'Budi Santoso',
      '40135',
      'Toko Hewan Sahabat \\(Kemang\\)',
      '1.3 kg',
      label.orderId,
    ])
      expect(text).toContain(shown);
    expect(text).toContain('Pasir kucing \\\\ wangi \\(lavender\\)');
  });

  it('draws the waybill barcode as one rectangle per bar', () => {
    const bars = code128Modules(label.trackingNumber).split(/0+/).filter(Boolean).length;
    expect([...text.matchAll(/ 58 re f/g)]).toHaveLength(bars);
  });
});

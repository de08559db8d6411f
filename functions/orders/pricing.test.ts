import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PPN, TAX_RULES, priceCheckout, type PricedCheckout, type PricingLine, type VendorTerms } from './pricing.ts';

const line = (over: Partial<PricingLine> = {}): PricingLine => ({
  productId: 'p1',
  vendorId: 'v1',
  name: 'Royal Canin Kitten 2 kg',
  unitPrice: 100_000,
  quantity: 1,
  taxCategory: 'standard',
  ...over,
});
const terms = (over: Partial<VendorTerms> = {}): VendorTerms => ({
  vendorId: 'v1',
  vendorKind: 'shop',
  commissionRate: 0.08,
  shipping: 0,
  ...over,
});
/** The one order of a one-vendor cart. */
const single = (lines: PricingLine[], term: VendorTerms = terms()) => {
  const checkout = priceCheckout(lines, [term]);
  expect(checkout.orders).toHaveLength(1);
  return checkout.orders[0]!;
};

describe('PPN rule', () => {
  it('is 12% on a DPP of 11/12 for standard goods, nothing for exempt ones', () => {
    expect(PPN).toEqual({ rate: 0.12, baseFactor: 11 / 12 });
    expect(TAX_RULES.standard).toMatchObject({
      rate: 0.12,
      baseFactor: 11 / 12,
      rateRatio: { numerator: 12, denominator: 100 },
      baseFactorRatio: { numerator: 11, denominator: 12 },
    });
    expect(TAX_RULES.exempt).toMatchObject({ rate: 0, baseFactor: 1 });
    // The ratios are what the floats say.
    for (const rule of Object.values(TAX_RULES)) {
      expect(rule.rateRatio.numerator / rule.rateRatio.denominator).toBe(rule.rate);
      expect(rule.baseFactorRatio.numerator / rule.baseFactorRatio.denominator).toBe(rule.baseFactor);
    }
  });
});

describe('priceCheckout: worked by hand', () => {
  it('one line of Rp 100.000, standard', () => {
    // DPP = 100.000 × 11/12 = 91.666,67 → 91.667 (half-up)
    // PPN = 91.667 × 12% = 11.000,04 → 11.000 (exactly 11% of 100.000)
    // commission = floor(8% × 100.000) = 8.000; vendor = 100.000 + 11.000 − 8.000 = 103.000
    const order = single([line()], terms({ shipping: 12_000 }));
    expect(order.lines[0]).toEqual({
      productId: 'p1',
      vendorId: 'v1',
      name: 'Royal Canin Kitten 2 kg',
      unitPrice: 100_000,
      quantity: 1,
      taxCategory: 'standard',
      lineSubtotal: 100_000,
      taxBase: 91_667,
      tax: 11_000,
      taxRate: 0.12,
      taxBaseFactor: 11 / 12,
    });
    expect(order).toMatchObject({
      vendorId: 'v1',
      subtotal: 100_000,
      tax: 11_000,
      shipping: 12_000,
      total: 123_000,
      commission: 8_000,
      vendorPayable: 103_000,
    });
  });

  it('an exempt line: DPP is the price, no PPN', () => {
    // 2 × Rp 50.000 = 100.000; DPP 100.000 (factor 1); PPN 0; commission floor(8% × 100.000) = 8.000
    const order = single([line({ unitPrice: 50_000, quantity: 2, taxCategory: 'exempt' })]);
    expect(order.lines[0]).toMatchObject({
      lineSubtotal: 100_000,
      taxBase: 100_000,
      tax: 0,
      taxRate: 0,
      taxBaseFactor: 1,
      taxCategory: 'exempt',
    });
    expect(order).toMatchObject({
      subtotal: 100_000,
      tax: 0,
      total: 100_000,
      commission: 8_000,
      vendorPayable: 92_000,
    });
  });

  it('a 3-unit line is taxed on its subtotal, not unit by unit', () => {
    // 3 × Rp 33.333 = 99.999
    // DPP = 99.999 × 11/12 = 91.665,75 → 91.666; PPN = 91.666 × 12% = 10.999,92 → 11.000 (11% exactly: 10.999,89)
    // Unit by unit it would be 3 × round(round(33.333 × 11/12) × 12%) = 3 × round(30.555 × 12%) = 3 × 3.667 = 11.001.
    // commission = floor(8% × 99.999) = floor(7.999,92) = 7.999; vendor = 99.999 + 11.000 − 7.999 = 103.000
    const order = single([line({ unitPrice: 33_333, quantity: 3 })]);
    expect(order.lines[0]).toMatchObject({ lineSubtotal: 99_999, taxBase: 91_666, tax: 11_000 });
    expect(order).toMatchObject({
      subtotal: 99_999,
      tax: 11_000,
      total: 110_999,
      commission: 7_999,
      vendorPayable: 103_000,
    });
  });

  it('two vendors with different commission rates and shipping, lines interleaved', () => {
    // petshop (8%, shipping 15.000):
    //   Rp 100.000 standard → DPP 91.667, PPN 11.000
    //   2 × Rp 25.500 exempt = 51.000 → PPN 0
    //   subtotal 151.000, tax 11.000, total 151.000 + 11.000 + 15.000 = 177.000
    //   commission floor(8% × 151.000) = 12.080; vendor 151.000 + 11.000 − 12.080 = 149.920
    // groomer (10%, shipping 9.000):
    //   Rp 75.005 standard → DPP 75.005 × 11/12 = 68.754,58 → 68.755; PPN 68.755 × 12% = 8.250,6 → 8.251 (11%: 8.250,55)
    //   total 75.005 + 8.251 + 9.000 = 92.256; commission floor(7.500,5) = 7.500; vendor 75.005 + 8.251 − 7.500 = 75.756
    // checkout: 177.000 + 92.256 = 269.256
    const checkout = priceCheckout(
      [
        line({ productId: 'food', vendorId: 'petshop' }),
        line({ productId: 'bath', vendorId: 'groomer', unitPrice: 75_005 }),
        line({ productId: 'vitamin', vendorId: 'petshop', unitPrice: 25_500, quantity: 2, taxCategory: 'exempt' }),
      ],
      [
        terms({ vendorId: 'groomer', vendorKind: 'groomer', commissionRate: 0.1, shipping: 9_000 }),
        terms({ vendorId: 'petshop', vendorKind: 'shop', commissionRate: 0.08, shipping: 15_000 }),
        terms({ vendorId: 'not-in-cart', commissionRate: 0.5, shipping: 1 }),
      ],
    );
    expect(checkout.orders.map((order) => order.vendorId)).toEqual(['petshop', 'groomer']);
    const [petshop, groomer] = checkout.orders;
    expect(petshop!.lines.map((priced) => priced.productId)).toEqual(['food', 'vitamin']);
    expect(petshop).toMatchObject({
      subtotal: 151_000,
      tax: 11_000,
      shipping: 15_000,
      total: 177_000,
      commission: 12_080,
      vendorPayable: 149_920,
    });
    expect(groomer!.lines[0]).toMatchObject({ lineSubtotal: 75_005, taxBase: 68_755, tax: 8_251 });
    expect(groomer).toMatchObject({
      subtotal: 75_005,
      tax: 8_251,
      shipping: 9_000,
      total: 92_256,
      commission: 7_500,
      vendorPayable: 75_756,
    });
    expect(checkout.total).toBe(269_256);
  });

  it('Rp 1: DPP rounds up to 1, PPN rounds down to 0', () => {
    // DPP = 11/12 = 0,92 → 1; PPN = 1 × 12% = 0,12 → 0; commission floor(0,08) = 0
    const order = single([line({ unitPrice: 1 })]);
    expect(order.lines[0]).toMatchObject({ lineSubtotal: 1, taxBase: 1, tax: 0 });
    expect(order).toMatchObject({ subtotal: 1, tax: 0, total: 1, commission: 0, vendorPayable: 1 });
  });

  it('Rp 5: the smallest price with PPN', () => {
    // DPP = 55/12 = 4,58 → 5; PPN = 5 × 12% = 0,6 → 1 (Rp 2..4 give 0,24..0,48 → 0)
    expect(single([line({ unitPrice: 4 })]).tax).toBe(0);
    expect(single([line({ unitPrice: 5 })]).lines[0]).toMatchObject({ taxBase: 5, tax: 1 });
  });

  it('Rp 999.999.999, and a thousand of them', () => {
    // DPP = 999.999.999 × 11/12 = 916.666.665,75 → 916.666.666
    // PPN = 916.666.666 × 12% = 109.999.999,92 → 110.000.000 (11%: 109.999.999,89)
    // commission at 10% = floor(99.999.999,9) = 99.999.999
    const one = single([line({ unitPrice: 999_999_999 })], terms({ vendorKind: 'clinic', commissionRate: 0.1 }));
    expect(one.lines[0]).toMatchObject({ taxBase: 916_666_666, tax: 110_000_000 });
    expect(one).toMatchObject({ total: 1_109_999_999, commission: 99_999_999, vendorPayable: 1_010_000_000 });
    // × 1.000 = 999.999.999.000; DPP = 916.666.665.750 exactly; PPN = 109.999.999.890 exactly (11%)
    const many = single([line({ unitPrice: 999_999_999, quantity: 1_000 })], terms({ commissionRate: 0.1 }));
    expect(many.lines[0]).toMatchObject({
      lineSubtotal: 999_999_999_000,
      taxBase: 916_666_665_750,
      tax: 109_999_999_890,
    });
    expect(many.commission).toBe(99_999_999_900);
  });

  it('a DPP exactly half-way rounds up (half-up, not half-even)', () => {
    // Rp 18: DPP = 198/12 = 16,5 → 17 (half-even would give 16); PPN = 17 × 12% = 2,04 → 2.
    // Rp 6: DPP = 5,5 → 6; PPN 0,72 → 1. (PPN itself never ties: DPP × 3/25 has no half.)
    expect(single([line({ unitPrice: 18 })]).lines[0]).toMatchObject({ taxBase: 17, tax: 2 });
    expect(single([line({ unitPrice: 6 })]).lines[0]).toMatchObject({ taxBase: 6, tax: 1 });
  });

  it('commission is exact for rates floats cannot hold: 29% of Rp 100 is Rp 29', () => {
    // 0.29 × 100 in floats is 28,999999999999996 and would floor to 28.
    expect(single([line({ unitPrice: 100, taxCategory: 'exempt' })], terms({ commissionRate: 0.29 })).commission).toBe(
      29,
    );
    expect(single([line({ unitPrice: 100, taxCategory: 'exempt' })], terms({ commissionRate: 0.57 })).commission).toBe(
      57,
    );
    // Rates of 0 and 1: the vendor keeps all the goods, or only the PPN it remits.
    expect(single([line()], terms({ commissionRate: 0 }))).toMatchObject({ commission: 0, vendorPayable: 111_000 });
    expect(single([line()], terms({ commissionRate: 1 }))).toMatchObject({
      commission: 100_000,
      vendorPayable: 11_000,
    });
  });

  it('a free line (Rp 0) is priced at zero', () => {
    expect(single([line({ unitPrice: 0 })], terms({ shipping: 10_000 }))).toMatchObject({
      subtotal: 0,
      tax: 0,
      total: 10_000,
      commission: 0,
      vendorPayable: 0,
    });
  });

  it('does not change its input, nor copy fields it does not know', () => {
    const input = [{ ...line(), extra: 'x' }];
    const frozen = JSON.stringify(input);
    const order = single(input);
    expect(JSON.stringify(input)).toBe(frozen);
    expect(order.lines[0]).not.toHaveProperty('extra');
  });
});

describe('priceCheckout: refuses bad input with a RangeError', () => {
  const cases: [string, PricingLine[], VendorTerms[], RegExp][] = [
    ['an empty cart', [], [terms()], /at least one line/],
    ['a fractional price', [line({ unitPrice: 100.5 })], [terms()], /lines\[0\]: unitPrice must be whole rupiah/],
    ['a negative price', [line({ unitPrice: -1 })], [terms()], /unitPrice must be whole rupiah ≥ 0, got -1/],
    ['a price beyond safe integers', [line({ unitPrice: 2 ** 53 })], [terms()], /unitPrice/],
    ['a NaN price', [line({ unitPrice: Number.NaN })], [terms()], /unitPrice/],
    ['quantity 0', [line({ quantity: 0 })], [terms()], /quantity must be an integer ≥ 1, got 0/],
    ['a fractional quantity', [line({ quantity: 1.5 })], [terms()], /quantity/],
    [
      'an unknown tax category',
      [line({ taxCategory: 'luxury' as never })],
      [terms()],
      /taxCategory must be one of standard, exempt, got luxury/,
    ],
    ['an inherited tax category', [line({ taxCategory: 'toString' as never })], [terms()], /taxCategory/],
    ['an empty product id', [line({ productId: '' })], [terms()], /productId/],
    ['no terms for a vendor', [line(), line({ vendorId: 'v2' })], [terms()], /lines\[1\]: no terms for vendor v2/],
    ['two terms for a vendor', [line()], [terms(), terms()], /terms\[1\]: vendor v1 has more than one terms entry/],
    [
      'a rate above 1',
      [line()],
      [terms({ commissionRate: 1.01 })],
      /terms\[0\]: commissionRate must be a number in \[0, 1\], got 1.01/,
    ],
    ['a negative rate', [line()], [terms({ commissionRate: -0.1 })], /commissionRate/],
    ['a NaN rate', [line()], [terms({ commissionRate: Number.NaN })], /commissionRate/],
    ['a fractional shipping', [line()], [terms({ shipping: 9_000.5 })], /terms\[0\]: shipping must be whole rupiah/],
    ['a negative shipping', [line()], [terms({ shipping: -1 })], /shipping/],
    [
      'an unknown vendor kind',
      [line()],
      [terms({ vendorKind: 'farm' as never })],
      /vendorKind must be one of clinic, groomer, shop, got farm/,
    ],
    [
      'a line beyond safe integers',
      [line({ unitPrice: 999_999_999, quantity: 10_000_000 })],
      [terms()],
      /lines\[0\]: unitPrice × quantity exceeds/,
    ],
    [
      'a checkout beyond safe integers',
      [line({ unitPrice: 2 ** 52 }), line({ unitPrice: 2 ** 52 })],
      [terms()],
      /exceeds/,
    ],
  ];
  it.each(cases)('%s', (_name, lines, vendorTerms, message) => {
    expect(() => priceCheckout(lines, vendorTerms)).toThrow(RangeError);
    expect(() => priceCheckout(lines, vendorTerms)).toThrow(message);
  });
});

describe('rounding bound: |PPN − 11% × subtotal| per line', () => {
  // Derivation: DPP = 11S/12 + e₁ with 12e₁ ∈ [−5, 6] (half-up on twelfths);
  // PPN = 12·DPP/100 + e₂ with 100e₂ ∈ [−12·4, 12·4] (DPP × 3/25 is in 25ths, never a tie).
  // 100·PPN − 11S = 12e₁ + 100e₂ ∈ [−53, 54]: within 0,54 rupiah of 11%, per line.
  // S → S + 300 adds exactly 275 to the DPP and 33 to the PPN, so S = 1..300 covers every case.
  const deviation = (subtotal: number) => 100 * single([line({ unitPrice: subtotal })]).tax - 11 * subtotal;
  it.each([0, 1_000_000_000_000])('is reached and never exceeded over a full period from %d', (offset) => {
    const deviations = Array.from({ length: 300 }, (_, index) => deviation(offset + index + 1));
    expect(Math.min(...deviations)).toBe(-53);
    expect(Math.max(...deviations)).toBe(54);
  });
});

// ---- Property tests ----

/** A commission rate and, when it is one, the exact decimal it was made from. */
const rate = fc.oneof(
  fc.constantFrom(0, 0.08, 0.1, 1).map((value) => ({ value, exact: undefined as [bigint, bigint] | undefined })),
  // n / 10^k with k ≤ 6: the float prints back as that decimal, so its exact value is known here.
  fc
    .integer({ min: 0, max: 6 })
    .chain((places) =>
      fc
        .integer({ min: 0, max: 10 ** places })
        .map((n) => ({ value: n / 10 ** places, exact: [BigInt(n), 10n ** BigInt(places)] as [bigint, bigint] })),
    ),
  fc.double({ min: 0, max: 1, noNaN: true }).map((value) => ({ value, exact: undefined })),
);
const price = fc.oneof(
  fc.integer({ min: 0, max: 1_000 }),
  fc.integer({ min: 0, max: 2_000_000 }),
  fc.integer({ min: 0, max: 999_999_999 }),
);
const cart = fc
  .integer({ min: 1, max: 5 })
  .chain((vendors) =>
    fc.record({
      vendors: fc.tuple(
        ...Array.from({ length: vendors }, (_, index) =>
          fc.record({
            vendorId: fc.constant(`v${index}`),
            vendorKind: fc.constantFrom('clinic', 'groomer', 'shop' as const),
            rate,
            shipping: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000_000 })),
          }),
        ),
      ),
      lines: fc.array(
        fc.record({
          vendor: fc.integer({ min: 0, max: vendors - 1 }),
          unitPrice: price,
          quantity: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 1_000 })),
          taxCategory: fc.constantFrom('standard', 'exempt' as const),
        }),
        { minLength: 1, maxLength: 20 },
      ),
    }),
  )
  .map(({ vendors, lines }) => ({
    vendors,
    terms: vendors.map(({ vendorId, vendorKind, rate: { value }, shipping }): VendorTerms => ({
      vendorId,
      vendorKind,
      commissionRate: value,
      shipping,
    })),
    lines: lines.map(({ vendor, ...rest }, index): PricingLine => ({
      productId: `p${index}`,
      vendorId: `v${vendor}`,
      name: `product ${index}`,
      ...rest,
    })),
  }));

const RUNS = { numRuns: 1_000 };
const isWhole = (value: number) => Number.isSafeInteger(value) && value >= 0;

describe('priceCheckout: properties over random carts', () => {
  it('every invariant holds exactly', () => {
    fc.assert(
      fc.property(cart, ({ lines, terms: vendorTerms }) => {
        const checkout: PricedCheckout = priceCheckout(lines, vendorTerms);
        // One order per vendor in the cart, every line in exactly one, in the cart's order.
        expect(checkout.orders.map((order) => order.vendorId)).toEqual([
          ...new Set(lines.map((item) => item.vendorId)),
        ]);
        expect(checkout.orders.flatMap((order) => order.lines.map((item) => item.productId)).sort()).toEqual(
          lines.map((item) => item.productId).sort(),
        );
        expect(checkout.total).toBe(checkout.orders.reduce((sum, order) => sum + order.total, 0));
        expect(isWhole(checkout.total)).toBe(true);
        for (const order of checkout.orders) {
          const term = vendorTerms.find((candidate) => candidate.vendorId === order.vendorId)!;
          expect(order.lines.every((item) => item.vendorId === order.vendorId)).toBe(true);
          expect(order.subtotal).toBe(order.lines.reduce((sum, item) => sum + item.lineSubtotal, 0));
          expect(order.tax).toBe(order.lines.reduce((sum, item) => sum + item.tax, 0));
          expect(order.shipping).toBe(term.shipping);
          expect(order.total).toBe(order.subtotal + order.tax + order.shipping);
          expect(order.commission + order.vendorPayable + order.shipping).toBe(order.total);
          expect(order.vendorPayable).toBe(order.subtotal + order.tax - order.commission);
          for (const value of [
            order.subtotal,
            order.shipping,
            order.tax,
            order.total,
            order.commission,
            order.vendorPayable,
          ])
            expect(isWhole(value)).toBe(true);
          expect(order.commission).toBeLessThanOrEqual(order.subtotal);
          for (const item of order.lines) {
            for (const value of [item.lineSubtotal, item.taxBase, item.tax]) expect(isWhole(value)).toBe(true);
            expect(item.lineSubtotal).toBe(item.unitPrice * item.quantity);
            expect(item.taxRate).toBe(TAX_RULES[item.taxCategory].rate);
            expect(item.taxBaseFactor).toBe(TAX_RULES[item.taxCategory].baseFactor);
          }
        }
      }),
      RUNS,
    );
  });

  it('DPP and PPN are the half-up roundings of 11/12 and 12% on each line', () => {
    fc.assert(
      fc.property(cart, ({ lines, terms: vendorTerms }) => {
        for (const item of priceCheckout(lines, vendorTerms).orders.flatMap((order) => order.lines)) {
          if (item.taxCategory === 'exempt') {
            expect([item.taxBase, item.tax]).toEqual([item.lineSubtotal, 0]);
            continue;
          }
          // x rounds half-up to n ⇔ n − ½ ≤ x < n + ½: here −6 < 12·DPP − 11·S ≤ 6 and −50 < 100·PPN − 12·DPP ≤ 50.
          const base = 12 * item.taxBase - 11 * item.lineSubtotal;
          const tax = 100 * item.tax - 12 * item.taxBase;
          expect(base > -6 && base <= 6, `DPP ${item.taxBase} for ${item.lineSubtotal}`).toBe(true);
          expect(tax > -50 && tax <= 50, `PPN ${item.tax} for DPP ${item.taxBase}`).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('tax is 11% of the taxable subtotal within 0,54 rupiah per standard line', () => {
    fc.assert(
      fc.property(cart, ({ lines, terms: vendorTerms }) => {
        for (const order of priceCheckout(lines, vendorTerms).orders) {
          const taxable = order.lines.filter((item) => item.taxCategory === 'standard');
          const taxableSubtotal = taxable.reduce((sum, item) => sum + BigInt(item.lineSubtotal), 0n);
          for (const item of taxable) {
            const deviation = 100 * item.tax - 11 * item.lineSubtotal;
            expect(deviation >= -53 && deviation <= 54, `PPN ${item.tax} for ${item.lineSubtotal}`).toBe(true);
          }
          const deviation = 100n * BigInt(order.tax) - 11n * taxableSubtotal;
          const bound = 54n * BigInt(taxable.length);
          expect(deviation >= -bound && deviation <= bound, `order PPN ${order.tax} for ${taxableSubtotal}`).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('commission is floor(rate × subtotal), exactly, for decimal rates', () => {
    fc.assert(
      fc.property(cart, ({ lines, terms: vendorTerms, vendors }) => {
        for (const order of priceCheckout(lines, vendorTerms).orders) {
          const exact = vendors.find((vendor) => vendor.vendorId === order.vendorId)!.rate.exact;
          if (!exact) continue;
          const [numerator, denominator] = exact;
          // floor(S·n/d) = c ⇔ 0 ≤ S·n − c·d < d
          const rest = BigInt(order.subtotal) * numerator - BigInt(order.commission) * denominator;
          expect(
            rest >= 0n && rest < denominator,
            `commission ${order.commission} of ${order.subtotal} at ${numerator}/${denominator}`,
          ).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('commission is exact where a float product is not: n% of Rp 100·m is Rp n·m', () => {
    // Random carts rarely make rate × subtotal a whole number, where float drift bites (0,29 × 100 = 28,999…).
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 10_000_000 }), (percent, hundreds) => {
        const order = single(
          [line({ unitPrice: 100 * hundreds, taxCategory: 'exempt' })],
          terms({ commissionRate: percent / 100 }),
        );
        expect(order.commission).toBe(percent * hundreds);
      }),
      RUNS,
    );
  });

  it('an order is the same priced alone as within the checkout, and a line the same in any cart', () => {
    fc.assert(
      fc.property(cart, ({ lines, terms: vendorTerms }) => {
        const checkout = priceCheckout(lines, vendorTerms);
        for (const order of checkout.orders) {
          const alone = priceCheckout(
            lines.filter((item) => item.vendorId === order.vendorId),
            vendorTerms,
          );
          expect(alone.orders).toEqual([order]);
        }
        const reversed = priceCheckout([...lines].reverse(), vendorTerms);
        for (const order of checkout.orders) {
          const other = reversed.orders.find((candidate) => candidate.vendorId === order.vendorId)!;
          expect({ ...other, lines: [...other.lines].reverse() }).toEqual(order);
        }
      }),
      { numRuns: 500 },
    );
  });
});

import * as z from 'zod';
import { idParam } from '#shared/http/schemas.ts';
import { money } from '#shared/lib/shapes.ts';
import { COURIERS, SHIPMENT_STATUSES } from '#shared/lib/shipping.ts';

/** Shapes of the shipping routes (OpenAPI is generated from them). */

const point = () =>
  z.strictObject({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    postalCode: z.string().regex(/^\d{5}$/, 'must be a 5-digit postal code'),
  });

export const ratesInput = z.lazy(() =>
  z
    .strictObject({
      /** The vendor that ships (its listed pickup point), or `origin`. */
      originVendorId: idParam.optional(),
      origin: point().optional(),
      /** One of the caller's saved addresses, or `destination`. */
      destinationAddressId: idParam.optional(),
      destination: point().optional(),
      weightGrams: z.number().int().min(1).max(50_000),
      /** Declared value of the parcel, whole rupiah (instant couriers and insurance look at it). */
      value: z.number().int().min(0).max(1_000_000_000).optional(),
    })
    .superRefine((input, context) => {
      if ((input.originVendorId === undefined) === (input.origin === undefined)) {
        context.addIssue({
          code: 'custom',
          path: ['originVendorId'],
          message: 'give originVendorId or origin (one of them)',
        });
      }
      if ((input.destinationAddressId === undefined) === (input.destination === undefined)) {
        context.addIssue({
          code: 'custom',
          path: ['destinationAddressId'],
          message: 'give destinationAddressId or destination (one of them)',
        });
      }
    }),
);

export const rate = z.lazy(() =>
  z.object({
    courier: z.enum(COURIERS),
    service: z.string(),
    serviceCode: z.string(),
    price: money,
    etaDays: z.object({ min: z.number().int(), max: z.number().int() }),
  }),
);

export const ratesAnswer = z.lazy(() => z.object({ items: z.array(rate) }));

export const shipmentParams = z.lazy(() => z.object({ shipmentId: idParam }));
export const carrierParams = z.lazy(() => z.object({ carrier: z.string().min(1).max(40) }));

export const shipment = z.lazy(() =>
  z.object({
    shipmentId: z.string(),
    orderId: z.string(),
    vendorId: z.string(),
    status: z.enum(SHIPMENT_STATUSES),
    courier: z.enum(COURIERS),
    service: z.string(),
    serviceCode: z.string(),
    trackingNumber: z.string().nullable(),
    price: money.nullable(),
    labelUrl: z
      .string()
      .nullable()
      .describe('Presigned link to the label PDF, valid for an hour (vendor staff and admins; null for the customer)'),
    history: z.array(z.object({ status: z.enum(SHIPMENT_STATUSES), at: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);

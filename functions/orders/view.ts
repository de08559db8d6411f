import { idr } from '#shared/lib/money.ts';
import type { Order } from './model.ts';

/** An order as its customer and the vendor's staff see it (commission stays internal). */
export function toOrderView(order: Order) {
  return {
    orderId: order.orderId,
    checkoutId: order.checkoutId,
    status: order.status,
    vendorId: order.vendorId,
    vendorName: order.vendorName,
    lines: order.lines.map(({ productId, name, unitPrice, quantity, lineSubtotal, tax }) => ({
      productId,
      name,
      unitPrice,
      quantity,
      lineSubtotal,
      tax,
    })),
    subtotal: idr(order.subtotal),
    shipping: idr(order.shipping),
    tax: idr(order.tax),
    total: idr(order.total),
    shippingServiceCode: order.shippingServiceCode,
    paymentId: order.paymentId,
    shipRequestedAt: order.shipRequest?.requestedAt ?? null,
    shipFailure: order.shipFailure
      ? { code: order.shipFailure.code, reason: order.shipFailure.reason, at: order.shipFailure.at }
      : null,
    shipment: order.shipment
      ? {
          shipmentId: order.shipment.shipmentId,
          trackingNumber: order.shipment.trackingNumber,
          status: order.shipment.status,
        }
      : null,
    cancelReason: order.cancelReason,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    _links: {
      self: { href: `/v1/orders/${order.orderId}` },
      ...(order.paymentId ? { payment: { href: `/v1/payments/${order.paymentId}` } } : {}),
      ...(order.shipment ? { shipment: { href: `/v1/shipments/${order.shipment.shipmentId}` } } : {}),
    },
  };
}

/** Where the parcel is, from what shipping's events told the order (labels: GET /v1/shipments/{id}, for the vendor's staff). */
export function toTrackingView(order: Order) {
  const { shipment } = order;
  return {
    orderId: order.orderId,
    status: order.status,
    shipRequestedAt: order.shipRequest?.requestedAt ?? null,
    shipment: shipment
      ? {
          shipmentId: shipment.shipmentId,
          courier: shipment.courier,
          serviceCode: shipment.serviceCode,
          trackingNumber: shipment.trackingNumber,
          status: shipment.status,
          history: shipment.history.map(({ status, at }) => ({ status, at })),
          labelUrl: null,
        }
      : null,
  };
}

import type { Order } from './model.ts';

const money = (amount: number) => ({ amount, currency: 'IDR' as const });

/** An order as its customer and the vendor's staff see it (commission stays internal). */
export function orderView(order: Order) {
  return {
    orderId: order.orderId, checkoutId: order.checkoutId, status: order.status, vendorId: order.vendorId, vendorName: order.vendorName,
    lines: order.lines.map(({ productId, name, unitPrice, quantity, lineSubtotal, tax }) => ({ productId, name, unitPrice, quantity, lineSubtotal, tax })),
    subtotal: money(order.subtotal), shipping: money(order.shipping), tax: money(order.tax), total: money(order.total), shippingServiceCode: order.shippingServiceCode,
    paymentId: order.paymentId, shipment: order.shipment ? { shipmentId: order.shipment.shipmentId, trackingNumber: order.shipment.trackingNumber } : null,
    cancelReason: order.cancelReason, createdAt: order.createdAt, updatedAt: order.updatedAt,
    _links: {
      self: { href: `/v1/orders/${order.orderId}` },
      ...(order.paymentId ? { payment: { href: `/v1/payments/${order.paymentId}` } } : {}),
      ...(order.shipment ? { shipment: { href: `/v1/shipments/${order.shipment.shipmentId}` } } : {}),
    },
  };
}

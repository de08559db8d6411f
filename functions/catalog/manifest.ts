import { defineDomain } from '#shared/manifest/types.ts';
import { commonProblems, conflictProblem, forbiddenProblem, page, ruleProblem } from '#shared/http/schemas.ts';
import * as s from './schemas.ts';

const read = { table: 'read', uploads: 'read' } as const;
const write = { table: 'readwrite', uploads: 'read' } as const;
const uploads = { table: 'readwrite', uploads: 'readwrite' } as const;
const notAdmin = forbiddenProblem(
  'Not a vendor admin here, or the vendor is a groomer (only shops and clinics sell products)',
);

/** Catalog: products of approved shops and clinics, their images and stock; listings feed search. */
export const manifest = defineDomain({
  domain: 'catalog',
  description:
    'Products of shops and clinics (category tree, images, PPN category), stock that is never oversold, product listings for search',
  routes: {
    createProduct: {
      method: 'POST',
      path: '/v1/vendors/{vendorId}/products',
      handler: 'handlers/create-product.ts',
      useCase: 'products.create',
      emits: ['product.listing_updated'],
      auth: 'user',
      access: uploads,
      headers: ['Idempotency-Key'],
      summary:
        'Add a product (vendor admin of an approved shop or clinic), optionally with initial stock and presigned image uploads',
      request: { params: s.vendorParams, body: s.createInput },
      maxBodyBytes: 32 * 1024,
      responses: {
        201: { description: 'Product, with an upload per image asked for', body: s.createdView },
        ...commonProblems,
        ...notAdmin,
        ...conflictProblem('The SKU is taken, or the vendor is not approved (or suspended)'),
      },
    },
    listProducts: {
      method: 'GET',
      path: '/v1/vendors/{vendorId}/products',
      handler: 'handlers/list-products.ts',
      useCase: 'products.list',
      emits: [],
      auth: 'user',
      access: read,
      summary: "The vendor's products, active or not, each with its stock (vendor staff)",
      request: { params: s.vendorParams, query: s.listQuery },
      responses: { 200: { description: 'Products', body: page(s.productView) }, ...commonProblems },
    },
    getProduct: {
      method: 'GET',
      path: '/v1/vendors/{vendorId}/products/{productId}',
      handler: 'handlers/get-product.ts',
      useCase: 'products.get',
      emits: [],
      auth: 'user',
      access: read,
      summary: 'One product with its stock and version (vendor staff); the public view is /v1/products/{productId}',
      request: { params: s.productParams },
      responses: { 200: { description: 'Product', body: s.productView }, ...commonProblems },
    },
    updateProduct: {
      method: 'PATCH',
      path: '/v1/vendors/{vendorId}/products/{productId}',
      handler: 'handlers/update-product.ts',
      useCase: 'products.update',
      emits: ['product.listing_updated'],
      auth: 'user',
      access: write,
      headers: ['If-Match'],
      summary: 'Change a product (vendor admin): fields, active, SKU, the images kept and their order',
      request: { params: s.productParams, body: s.patchInput },
      maxBodyBytes: 32 * 1024,
      responses: {
        200: { description: 'Product', body: s.productView },
        ...commonProblems,
        ...notAdmin,
        ...conflictProblem('Version mismatch, or the SKU is taken'),
        ...ruleProblem("An image that is not this product's"),
      },
    },
    requestImageUpload: {
      method: 'POST',
      path: '/v1/vendors/{vendorId}/products/{productId}/images',
      handler: 'handlers/request-image-upload.ts',
      useCase: 'productImages.requestImageUpload',
      emits: ['product.listing_updated'],
      auth: 'user',
      access: uploads,
      summary:
        'Presigned upload (HTTP PUT) of one more product image: JPEG, PNG or WebP up to 5 MB, at most 8 per product (vendor admin)',
      request: { params: s.productParams, body: s.imageRequest },
      responses: {
        201: { description: 'Presigned upload', body: s.imageUpload },
        ...commonProblems,
        ...notAdmin,
        ...ruleProblem('The product has 8 images already'),
      },
    },
    adjustStock: {
      method: 'POST',
      path: '/v1/vendors/{vendorId}/products/{productId}/stock',
      handler: 'handlers/adjust-stock.ts',
      useCase: 'stockAdjustments.adjustStock',
      emits: ['product.listing_updated'],
      auth: 'user',
      access: write,
      summary: 'Move stock on hand by `delta` with a reason (vendor staff); audited with who and why',
      request: { params: s.productParams, body: s.stockInput },
      responses: {
        200: { description: 'The stock after the adjustment', body: s.stockAnswer },
        ...commonProblems,
        ...conflictProblem('On hand would go below what is reserved for orders'),
      },
    },
    stockHistory: {
      method: 'GET',
      path: '/v1/vendors/{vendorId}/products/{productId}/stock/history',
      handler: 'handlers/stock-history.ts',
      useCase: 'stockAdjustments.stockHistory',
      emits: [],
      auth: 'user',
      access: read,
      summary: 'Stock adjustments of a product, newest first, with who made them and why (vendor staff)',
      request: { params: s.productParams, query: s.listQuery },
      responses: { 200: { description: 'Adjustments', body: page(s.adjustmentView) }, ...commonProblems },
    },
  },
  subscriptions: {
    saveVendor: {
      description:
        "Keeps the catalog's copy of each vendor (kind, approved, name; the newest listing wins) and republishes its products' listings when they change",
      events: ['vendor.listing_updated'],
      handler: 'handlers/on-vendor-listing-updated.ts',
      useCase: 'listings.saveVendorListing',
      emits: ['product.listing_updated'],
      access: { table: 'readwrite', uploads: 'read' },
    },
    refreshListings: {
      description:
        "Stock reserved, released or committed by checkout and orders: those products' listings (availability) are published again",
      events: ['stock.changed'],
      handler: 'handlers/on-stock-changed.ts',
      useCase: 'listings.refreshListings',
      emits: ['product.listing_updated'],
      access: { table: 'readwrite', uploads: 'read' },
    },
  },
});

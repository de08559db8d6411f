import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.requestDocumentUpload, async (request) => {
  return reply.created(await vendors().requestDocumentUpload(caller(request), request.params.vendorId, request.body));
});

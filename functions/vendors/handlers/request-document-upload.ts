import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { documents } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.requestDocumentUpload, async (request) => {
  return reply.created(
    await documents().requestDocumentUpload(callerOf(request), request.params.vendorId, request.body),
  );
});

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { cognitoDirectory } from '../directory.ts';
import { manifest } from '../manifest.ts';
import { tagged, vendorsWith } from '../wiring.ts';

const directory = cognitoDirectory();

export const handler = httpRoute(manifest.routes.approveVendor, async (request) =>
  tagged(await vendorsWith(directory).approve(callerOf(request), request.params.vendorId)),
);

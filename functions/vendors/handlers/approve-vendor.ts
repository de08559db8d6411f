import { httpRoute } from '#shared/http/route.ts';
import { cognitoDirectory } from '../directory.ts';
import { manifest } from '../manifest.ts';
import { caller, tagged, vendorsWith } from '../wiring.ts';

const directory = cognitoDirectory();

export const handler = httpRoute(manifest.routes.approveVendor, async (request) =>
  tagged(await vendorsWith(directory).approve(caller(request), request.params.vendorId)));

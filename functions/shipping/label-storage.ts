import { sendHttpRequest } from '#shared/lib/http-request.ts';
import { presignObjectUrl } from '#shared/storage/presign.ts';
import { CarrierUnavailable, type LabelStorage } from './model.ts';

const PUT_TIMEOUT_MS = 10_000;
/** How long a label link works; the shipment's read route hands out a fresh one. */
const LINK_SECONDS = 3600;

/**
 * Labels in the uploads bucket (`labels/<shipmentId>.pdf`). Written through a presigned PUT (signed
 * here with the function's own credentials, no S3 client in the bundle: docs/decisions/0002) and
 * handed out as presigned GETs. Bucket, region, credentials and endpoint come from the environment.
 */
export function s3LabelStorage(): LabelStorage {
  return {
    async put(key, pdf) {
      const { url, headers } = await presignObjectUrl({
        method: 'PUT',
        key,
        expiresInSeconds: 60,
        headers: { 'content-type': 'application/pdf', 'content-length': String(pdf.byteLength) },
      });
      const answer = await sendHttpRequest(url, {
        method: 'PUT',
        headers,
        body: Buffer.from(pdf),
        timeoutMs: PUT_TIMEOUT_MS,
      });
      if (answer.status < 200 || answer.status > 299) {
        throw new CarrierUnavailable(`storing the label ${key} failed: HTTP ${answer.status}`);
      }
    },

    async url(key) {
      return (await presignObjectUrl({ method: 'GET', key, expiresInSeconds: LINK_SECONDS })).url;
    },
  };
}

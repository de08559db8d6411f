import type { Caller } from '#shared/auth/caller.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import type { DocumentStorage, VendorDocument } from './model.ts';
import type { DocumentRequest } from './schemas.ts';
import { vendorRules, type RecordPorts } from './vendors.ts';

export const UPLOAD_URL_TTL_SECONDS = 10 * 60;
export const DOWNLOAD_URL_TTL_SECONDS = 15 * 60;
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const DOCUMENT_CONTENT_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/** Licences and permits: presigned uploads, and short-lived download links for who may read them. */
export function documentsService(ports: RecordPorts & { documents: DocumentStorage }) {
  const { store, now, access } = vendorRules(ports);

  return {
    async requestDocumentUpload(caller: Caller, vendorId: string, input: DocumentRequest) {
      const { vendor } = await access(caller, vendorId, 'manage');
      const extension = DOCUMENT_CONTENT_TYPES[input.contentType];
      if (!extension || input.sizeBytes > MAX_DOCUMENT_BYTES) throw refuse.unprocessable('document-type');
      const documentId = newId();
      const key = `vendors/${vendor.vendorId}/documents/${documentId}.${extension}`;
      const upload = await ports.documents.presignUpload(
        key,
        input.contentType,
        input.sizeBytes,
        UPLOAD_URL_TTL_SECONDS,
      );
      const document: VendorDocument = {
        vendorId,
        documentId,
        type: input.type,
        fileName: input.fileName,
        contentType: input.contentType,
        sizeBytes: input.sizeBytes,
        key,
        uploadedBy: caller.auth.userId,
        createdAt: now().toISOString(),
      };
      await store.commit([{ type: 'document', item: document }], []);
      return {
        documentId,
        type: document.type,
        fileName: document.fileName,
        uploadUrl: upload.url,
        uploadHeaders: upload.headers,
        expiresAt: new Date(now().getTime() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString(),
      };
    },

    /** For the vendor's admins and the reviewing platform admin: with short-lived download links. */
    async listDocuments(caller: Caller, vendorId: string) {
      const { role } = await access(caller, vendorId, 'view');
      if (role === 'clinic_staff') throw refuse.forbidden();
      const documents = await store.documents(vendorId);
      return Promise.all(
        documents.map(async ({ vendorId: _v, key, ...document }) => ({
          ...document,
          downloadUrl: await ports.documents.presignDownload(key, DOWNLOAD_URL_TTL_SECONDS),
        })),
      );
    },
  };
}

export type DocumentsService = ReturnType<typeof documentsService>;

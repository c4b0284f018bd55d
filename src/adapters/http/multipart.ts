/**
 * Streaming multipart uploads: each file part is handed to the use case as a byte stream as it
 * arrives (never buffered whole); form fields are ignored. Each file is its own exhibit.
 */
import type { FastifyRequest } from 'fastify';
import { CustosError } from '../../core/errors.ts';
import type { IncomingFile } from '../../usecases/intake/report-evidence.ts';

/**
 * Calls `store` for every file part of a multipart request, in order, waiting for each.
 * @throws CustosError `MEDIA_TYPE_UNSUPPORTED` (usage) when the request is not multipart;
 *   `UPLOAD_NO_FILES` (invalid-input) when it holds no file.
 */
export async function eachUploadedFile<T>(
  req: FastifyRequest,
  store: (file: IncomingFile) => Promise<T>,
): Promise<T[]> {
  if (!req.isMultipart())
    throw new CustosError('usage', 'MEDIA_TYPE_UNSUPPORTED', 'upload files as multipart/form-data');
  const out: T[] = [];
  for await (const part of req.parts()) {
    if (part.type !== 'file') continue;
    out.push(await store({ name: part.filename || 'unnamed', stream: part.file }));
  }
  if (out.length === 0)
    throw new CustosError(
      'invalid-input',
      'UPLOAD_NO_FILES',
      'the request holds no file; send each file as a part of multipart/form-data',
    );
  return out;
}

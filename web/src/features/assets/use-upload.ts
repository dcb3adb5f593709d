import { useState } from 'react';
import { ApiError, type PresignedUpload } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { isImage, putToStorage } from '../../lib/upload';
import { useT } from '../../lib/use-t';

export const IMAGE_MAX_BYTES = 25 * 1024 * 1024;

export interface UploadState {
  key: string;
  name: string;
  progress: number;
  error: string | null;
}

/**
 * Uploads through the three steps (presign, PUT to storage, complete) and keeps each file's progress
 * and translated error for the UI. A failed file stays listed with its reason until dismissed.
 */
export function useUploads() {
  const { t } = useT();
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const patch = (key: string, p: Partial<UploadState>) =>
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...p } : u)));

  async function upload<T>(
    file: File,
    start: () => Promise<PresignedUpload & { uploadId: string }>,
    complete: (uploadId: string) => Promise<T>,
    limits = { accepts: isImage, maxBytes: IMAGE_MAX_BYTES },
  ): Promise<T | null> {
    const key = `${file.name}-${Date.now()}-${Math.random()}`;
    setUploads((all) => [...all, { key, name: file.name, progress: 0, error: null }]);
    try {
      // Checked here to answer at once; the server checks the bytes again whatever the browser says.
      if (!limits.accepts(file)) throw new ApiError(415, 'unsupported_media_type', file.type);
      if (file.size > limits.maxBytes) throw new ApiError(413, 'payload_too_large', String(file.size));
      const link = await start();
      await putToStorage(link, file, (progress) => patch(key, { progress }));
      const asset = await complete(link.uploadId);
      setUploads((all) => all.filter((u) => u.key !== key));
      return asset;
    } catch (err) {
      patch(key, { error: errorMessage(err, t) });
      return null;
    }
  }
  const dismiss = (key: string) => setUploads((all) => all.filter((u) => u.key !== key));
  return { uploads, upload, dismiss };
}

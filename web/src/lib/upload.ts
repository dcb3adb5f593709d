import { ApiError, type PresignedUpload } from './api';

/**
 * Sends a file straight to storage with a presigned PUT. XMLHttpRequest rather than fetch: only it
 * reports upload progress. No credentials: the signature in the URL is the authorisation.
 */
export function putToStorage(
  link: PresignedUpload,
  file: Blob,
  onProgress?: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(link.method, link.url);
    for (const [k, v] of Object.entries(link.headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new ApiError(xhr.status, 'upload_failed', `storage answered ${xhr.status}`));
    xhr.onerror = () => reject(new ApiError(0, 'upload_failed', 'storage unreachable'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** Image types storage accepts for pictures, assets and logos (checked again by the server). */
export const imageTypes = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export const isImage = (f: File) => (imageTypes as readonly string[]).includes(f.type);

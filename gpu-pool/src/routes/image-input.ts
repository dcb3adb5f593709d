import { ValidationError } from '@atelier/shared/errors';

/**
 * Images reach the pool inline only: base64, or a `data:image/…;base64,` URL. Remote http(s) URLs
 * are refused: fetching them would let any caller make the pool request internal addresses (SSRF),
 * and the platform's functions hold the image bytes already.
 */
export function decodeImage(value: string, param: string): Buffer {
  let base64 = value;
  if (/^https?:\/\//i.test(value)) {
    throw new ValidationError(`${param}: remote image URLs are not fetched; send a data: URL (base64)`, {
      param,
      reason: 'remote_url_refused',
    });
  }
  if (value.startsWith('data:')) {
    const m = /^data:image\/[a-z0-9.+-]+;base64,/i.exec(value);
    if (!m) {
      throw new ValidationError(`${param}: a data: URL must be data:image/<type>;base64,<data>`, {
        param,
        reason: 'invalid_data_url',
      });
    }
    base64 = value.slice(m[0].length);
  }
  const cleaned = base64.replace(/\s+/g, '');
  if (cleaned.length === 0 || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(cleaned)) {
    throw new ValidationError(`${param}: not base64 image data`, { param, reason: 'invalid_base64' });
  }
  return Buffer.from(cleaned, 'base64');
}

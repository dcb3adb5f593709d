import { afterEach, describe, expect, it, vi } from 'vitest';
import { putToStorage } from './upload';

/** An XMLHttpRequest that fails as a blocked or unreachable storage does (no status, `error` event). */
class FailingXhr {
  upload = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  open() {}
  setRequestHeader() {}
  send() {
    queueMicrotask(() => this.onerror?.());
  }
  abort() {}
}

describe('upload to storage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says the upload failed, not that Atelier is unreachable, when storage cannot be reached', async () => {
    vi.stubGlobal('XMLHttpRequest', FailingXhr);
    const link = { method: 'PUT', url: 'https://storage.example/x', headers: {}, key: 'k' };
    await expect(putToStorage(link as never, new Blob(['x']))).rejects.toMatchObject({
      code: 'upload_failed',
    });
  });
});

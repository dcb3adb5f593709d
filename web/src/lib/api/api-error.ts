/** Codes the client itself produces, besides the server's (shared/src/errors.ts) and the gateway's. */
export type ClientErrorCode = 'network_error' | 'unknown_error' | 'upload_failed';

export interface FieldIssue {
  path: string;
  message: string;
}

/** A failed call: the server's `{ error: { code, message, details, requestId } }`, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Validation details as a list (the server sends `[{ path, message }]` for bad fields). */
  get issues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldIssue => typeof d?.path === 'string' && typeof d?.message === 'string',
    );
  }
}

export const isApiError = (err: unknown): err is ApiError => err instanceof ApiError;

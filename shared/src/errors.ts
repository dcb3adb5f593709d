/** Machine-readable error codes. Extend the union; every switch over it stays exhaustive. */
export const errorCodes = [
  'validation_failed',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'unauthorized',
  'invalid_credentials',
  'invalid_token',
  'weak_password',
  'forbidden',
  'insufficient_scope',
  'mfa_required',
  'plan_required',
  'limit_reached',
  'insufficient_credits',
  'payment_past_due',
  'negative_balance',
  'invalid_state',
  'invalid_signature',
  'payments_not_configured',
  'provider_rejected',
  'deadline_exceeded',
  'not_implemented',
  'model_not_found',
  'cancelled',
  'content_rejected',
  'provider_unavailable',
  'not_found',
  'conflict',
  'idempotency_key_reused',
  'idempotency_in_progress',
  'webhook_url_refused',
  'rate_limited',
  'quota_exceeded',
  'invalid_cloudevent',
  'unknown_event_type',
  'invalid_event_data',
  'retry_later',
  'dependency_unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly status: number,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super('validation_failed', 400, message, details);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required') {
    super('unauthorized', 401, message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed') {
    super('forbidden', 403, message);
  }
}
export class NotFoundError extends AppError {
  constructor(what = 'Resource') {
    super('not_found', 404, `${what} not found`);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super('conflict', 409, message, details);
  }
}
/** 409 `limit_reached`: a count limit of the product (PRODUCT.md) is full; details name it. */
export class LimitReachedError extends AppError {
  constructor(limit: number, resource: string, message: string) {
    super('limit_reached', 409, message, { limit, resource });
  }
}
export class RateLimitedError extends AppError {
  constructor(public readonly retryAfterSeconds: number) {
    super('rate_limited', 429, 'Too many requests', { retryAfterSeconds });
  }
}
/** An event that can never succeed: answered 400 so brokers do not retry it. */
export class PoisonEventError extends AppError {
  constructor(
    code: 'invalid_cloudevent' | 'unknown_event_type' | 'invalid_event_data',
    message: string,
    details?: unknown,
  ) {
    super(code, 400, message, details);
  }
}
/** A transient failure: answered 503 so brokers retry later. */
export class RetryLaterError extends AppError {
  constructor(
    message: string,
    public readonly retryAfterSeconds = 1,
  ) {
    super('retry_later', 503, message, { retryAfterSeconds });
  }
}

export interface Problem {
  error: { code: ErrorCode; message: string; details?: unknown; requestId?: string };
}

export function toProblem(err: AppError, requestId?: string): Problem {
  return { error: { code: err.code, message: err.message, details: err.details, requestId } };
}

/** zod issues as a stable, client-friendly list. */
export function issuesToDetails(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

import { AppError } from '@atelier/shared/errors';

/** The pool's own error codes (in shared's `errorCodes` too, so every client knows them). */
export type PoolErrorCode = 'deadline_exceeded' | 'not_implemented' | 'model_not_found' | 'cancelled';

export class PoolError extends AppError {
  constructor(code: PoolErrorCode, status: number, message: string, details?: unknown) {
    super(code, status, message, details);
  }
}

/** 504: the request waited (queued or running) past its deadline; its result, if any, is dropped. */
export class DeadlineExceededError extends PoolError {
  constructor(model: string, deadlineMs: number) {
    super('deadline_exceeded', 504, `Model ${model} did not answer within ${deadlineMs} ms`, {
      model,
      deadlineMs,
    });
  }
}

/**
 * 499 (nginx's "client closed request"): the caller went away. Nobody reads the answer; the status
 * only keeps access logs and metrics from counting it as a server failure.
 */
export class CancelledError extends PoolError {
  constructor(model: string) {
    super('cancelled', 499, `The request to model ${model} was cancelled by the caller`);
  }
}

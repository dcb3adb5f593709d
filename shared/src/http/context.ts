import type { Logger } from '../log';

declare module 'hono' {
  interface ContextVariableMap {
    requestId: string;
    traceparent: string;
    log: Logger;
  }
}

import type { AccessTokenVerifier } from '@atelier/shared/auth/tokens';
import type { Db } from '@atelier/shared/db';
import type { Logger } from '@atelier/shared/log';
import type { Redis } from '@atelier/shared/redis';

export interface StreamDeps {
  db: Db;
  /** Commands (publishing read changes, the connection cap); the hub has its own subscriber. */
  redis: Redis;
  log: Logger;
  verifier: AccessTokenVerifier;
  revocations: { isRevoked(sessionId: string): boolean };
  clock: () => number;
  limits: {
    /** Open streams per user across every replica; the next one answers 409 limit_reached. */
    connectionsPerUser: number;
    heartbeatMs: number;
    /** Most items one (re)connection replays; past it, the newest and a `truncated` hint. */
    replayMax: number;
  };
}

import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe secret (256 bits) for refresh tokens and emailed links; only its hash is stored. */
export const newOpaqueToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

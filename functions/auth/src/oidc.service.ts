import { hashToken } from '@atelier/shared/auth/opaque';
import { externalIdentities, sessions, users } from '@atelier/shared/db/schema';
import { identity } from '@atelier/shared/events/catalog';
import { and, eq } from 'drizzle-orm';
import type { Configuration } from 'openid-client';
import type { AuthDeps } from './deps';
import { newMfaChallenge } from './mfa-challenge';
import { type ClientInfo, revokeSessions, type SignedIn, startSession } from './sessions.service';

/** One external OpenID Connect provider (Google-style social sign-in or an Enterprise SSO issuer). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What the sign-in button says: "Continue with <name>". */
  name: string;
  scopes: string;
}

const FLOW_TTL_S = 600;

/** Why a sign-in through the provider ended without a session; the web app translates each code. */
export type OidcFailure = 'oidc_state_invalid' | 'oidc_denied' | 'oidc_failed' | 'oidc_email_unverified';

export class OidcError extends Error {
  constructor(
    public readonly code: OidcFailure,
    message: string,
  ) {
    super(message);
  }
}

export type OidcOutcome =
  | { kind: 'signed_in'; signed: SignedIn; returnTo: string }
  | { kind: 'mfa'; challengeToken: string; returnTo: string };

type Client = typeof import('openid-client');

/**
 * The relying-party half of the authorization code flow with PKCE, state and nonce (openid-client).
 * The provider's discovery document is read once per process, on first use, and again after a failure.
 */
export function createOidc(deps: AuthDeps, settings: OidcSettings) {
  const redirectUri = new URL('/v1/auth/oidc/callback', deps.publicUrl).href;
  let discovered: Promise<{ client: Client; config: Configuration }> | undefined;
  const discover = () => {
    discovered ??= (async () => {
      const client = await import('openid-client');
      const issuer = new URL(settings.issuer);
      // Plain http only for a provider on this machine (development and the tests).
      const local =
        issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
      const config = await client.discovery(
        issuer,
        settings.clientId,
        settings.clientSecret,
        undefined,
        local ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      return { client, config };
    })().catch((err: unknown) => {
      discovered = undefined;
      throw err;
    });
    return discovered;
  };
  const flowKey = (state: string) => `${deps.limits.namespace}:oidc-flow:${hashToken(state)}`;

  return {
    name: settings.name,
    issuer: settings.issuer,

    /** Where to send the browser, and the state the callback must bring back (bound to a cookie). */
    async start(returnTo: string): Promise<{ url: string; state: string }> {
      const { client, config } = await discover();
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      await deps.redis.set(flowKey(state), JSON.stringify({ verifier, nonce, returnTo }), 'EX', FLOW_TTL_S);
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: settings.scopes,
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state };
    },

    /** The provider sent the browser back: trade the code for verified claims, then for a session. */
    async finish(
      query: URLSearchParams,
      boundState: string | undefined,
      who: ClientInfo,
    ): Promise<OidcOutcome> {
      const state = query.get('state');
      // Single use: the flow is taken out of Redis whatever happens next.
      const stored = state ? await deps.redis.getdel(flowKey(state)) : null;
      if (!state || !stored || state !== boundState) {
        throw new OidcError(
          'oidc_state_invalid',
          'The sign-in request expired or did not start in this browser',
        );
      }
      if (query.get('error'))
        throw new OidcError('oidc_denied', `The provider refused: ${query.get('error')}`);
      const flow = JSON.parse(stored) as { verifier: string; nonce: string; returnTo: string };
      const { client, config } = await discover();
      let claims: { sub: string; email?: unknown; email_verified?: unknown; name?: unknown };
      try {
        const tokens = await client.authorizationCodeGrant(config, new URL(`${redirectUri}?${query}`), {
          pkceCodeVerifier: flow.verifier,
          expectedState: state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims()!;
        if (typeof claims.email !== 'string') {
          claims = { ...claims, ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)) };
        }
      } catch (err) {
        deps.log.warn({ err, issuer: settings.issuer }, 'external sign-in failed at the provider');
        throw new OidcError('oidc_failed', 'The provider did not confirm the sign-in');
      }
      const user = await accountFor(deps, settings.issuer, claims);
      if (user.mfaEnabledAt) {
        return { kind: 'mfa', challengeToken: await newMfaChallenge(deps, user.id), returnTo: flow.returnTo };
      }
      return { kind: 'signed_in', signed: await startSession(deps, user, who), returnTo: flow.returnTo };
    },
  };
}
export type Oidc = ReturnType<typeof createOidc>;

/**
 * The account an external identity signs in to: the one already linked to (issuer, subject); else the
 * account with the same address, linked only when the provider says it verified that address; else a
 * new account, verified, without a password. Linking to an account whose address was never verified
 * also removes its password and sessions: whoever registered it may not have owned the address
 * (account pre-hijacking), and the provider has just proven who does.
 */
async function accountFor(
  deps: AuthDeps,
  issuer: string,
  claims: { sub: string; email?: unknown; email_verified?: unknown; name?: unknown },
): Promise<typeof users.$inferSelect> {
  const [linked] = await deps.db
    .select({ user: users })
    .from(externalIdentities)
    .innerJoin(users, eq(users.id, externalIdentities.userId))
    .where(and(eq(externalIdentities.issuer, issuer), eq(externalIdentities.subject, claims.sub)));
  if (linked) {
    await deps.db
      .update(externalIdentities)
      .set({ lastUsedAt: new Date(deps.clock()) })
      .where(and(eq(externalIdentities.issuer, issuer), eq(externalIdentities.subject, claims.sub)));
    return linked.user;
  }
  if (typeof claims.email !== 'string' || claims.email_verified !== true) {
    throw new OidcError(
      'oidc_email_unverified',
      'The provider did not confirm an email address for this account',
    );
  }
  const email = claims.email.trim().toLowerCase();
  const now = new Date(deps.clock());
  const { user, hijackable } = await deps.outbox.transaction(async (tx, emit) => {
    const [existing] = await tx.select().from(users).where(eq(users.email, email)).for('update');
    let user = existing;
    const hijackable = existing !== undefined && existing.emailVerifiedAt === null;
    if (!user) {
      [user] = await tx
        .insert(users)
        .values({
          email,
          emailVerifiedAt: now,
          displayName: typeof claims.name === 'string' ? claims.name.slice(0, 100) : '',
        })
        .returning();
      await emit(tx, identity.userRegistered, { userId: user!.id, language: user!.language });
      await emit(tx, identity.userEmailVerified, { userId: user!.id });
    } else if (hijackable) {
      [user] = await tx
        .update(users)
        .set({ emailVerifiedAt: now, passwordHash: null, updatedAt: now })
        .where(eq(users.id, existing.id))
        .returning();
      await emit(tx, identity.userEmailVerified, { userId: user!.id });
    }
    await tx
      .insert(externalIdentities)
      .values({ userId: user!.id, issuer, subject: claims.sub, email })
      .onConflictDoNothing();
    await emit(tx, identity.externalIdentityLinked, { userId: user!.id, issuer });
    return { user: user!, hijackable };
  });
  if (hijackable) await revokeSessions(deps, eq(sessions.userId, user.id), 'external_identity_linked');
  return user;
}

/** Shapes of the identity API's answers (functions/auth, users, teams), as the web app reads them. */

export const languages = ['en-US', 'en-GB', 'es-ES', 'es-MX', 'fr-FR', 'de-DE'] as const;
export type Language = (typeof languages)[number];

export interface SignedIn {
  accessToken: string;
  accessTokenExpiresAt: string;
  sessionId: string;
  user: { id: string; email: string; emailVerified: boolean };
}

export interface MfaChallenge {
  mfaRequired: true;
  challengeToken: string;
}

export const notificationTypes = [
  'generation.samples_ready',
  'generation.final_ready',
  'generation.failed',
  'collaboration.updates',
  'comments',
  'billing',
] as const;
export type NotificationType = (typeof notificationTypes)[number];
export const notificationChannels = ['inApp', 'email', 'push'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];
export type NotificationSettings = Record<NotificationType, Record<NotificationChannel, boolean>>;

export interface Profile {
  id: string;
  email: string;
  emailVerified: boolean;
  displayName: string;
  username: string | null;
  /** A presigned link to the 256×256 WebP picture (valid 1 h), or null. */
  pictureUrl: string | null;
  language: Language;
  timezone: string;
  mfaEnabled: boolean;
  notifications: NotificationSettings;
  createdAt: string;
}

export interface Session {
  id: string;
  userAgent: string;
  ip: string;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

export interface MfaSetup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

export type TeamRole = 'owner' | 'admin' | 'editor' | 'viewer';
export interface TeamSummary {
  id: string;
  name: string;
  role: TeamRole;
}
export interface TeamMember {
  userId: string;
  email: string;
  displayName: string;
  role: TeamRole;
}
export interface Team extends TeamSummary {
  members: TeamMember[];
}

export const consentKinds = ['marketing_emails', 'data_analytics', 'beta_program'] as const;
export type ConsentKind = (typeof consentKinds)[number];
export interface Consents {
  current: Record<ConsentKind, { granted: boolean; version: string | null; currentVersion: string }>;
  history: Array<{ kind: ConsentKind; granted: boolean; version: string; at: string }>;
}

export interface DataExport {
  id: string;
  status: 'pending' | 'ready' | 'failed' | string;
  createdAt: string;
  completedAt: string | null;
  downloadUrl: string | null;
}

export interface OidcConfig {
  enabled: boolean;
  name?: string;
}

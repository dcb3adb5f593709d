/** Shapes of the creative API's answers (functions/workbenches, templates, assets), as the web app reads them. */
import type { DesignDocument } from '@atelier/shared/creative/design-document';
import type { FormatId } from '@atelier/shared/creative/formats';
import type { TemplateCategory } from '@atelier/shared/creative/template-categories';

export type { DesignDocument, FormatId, TemplateCategory };

/** A cursor-paginated list: `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Workbench {
  id: string;
  name: string;
  description: string;
  ownerUserId: string | null;
  teamId: string | null;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  projectCount?: number;
}

export interface Project {
  id: string;
  workbenchId: string;
  name: string;
  format: FormatId;
  width: number;
  height: number;
  templateId: string | null;
  brandKitId: string | null;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentState {
  revision: number;
  document: DesignDocument;
  updatedAt: string;
}

export interface DocumentRevision {
  revision: number;
  createdAt: string;
  createdBy: string | null;
}

export type TemplateView = 'all' | 'trending' | 'new' | 'recommended';
export interface Template {
  id: string;
  name: string;
  description: string;
  category: TemplateCategory;
  tags: string[];
  format: FormatId;
  width: number;
  height: number;
  uses: number;
  scope: 'gallery' | 'personal' | 'team';
  teamId: string | null;
  createdAt: string;
  document?: DesignDocument;
}
export interface TemplateFacets {
  categories: Array<{ id: TemplateCategory; count: number }>;
  tags: Array<{ tag: string; count: number }>;
}

/** A presigned PUT: send the file to `url` with exactly `headers`. */
export interface PresignedUpload {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

export interface AssetVersion {
  version: number;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  source: string;
  createdAt: string;
  /** A short-lived link, null until the thumbnails function has made it. */
  thumbnailUrl: string | null;
}
export interface Asset {
  id: string;
  projectId: string;
  name: string;
  currentVersion: number;
  createdAt: string;
  updatedAt: string;
  current: AssetVersion | null;
}

export interface BrandColour {
  name: string;
  hex: string;
}
export interface BrandKitFile {
  id: string;
  name: string;
  contentType: string;
  size: number;
  url: string;
}
export interface BrandKit {
  id: string;
  name: string;
  colours: BrandColour[];
  tone: string;
  isDefault: boolean;
  teamId: string | null;
  createdAt: string;
  logos?: BrandKitFile[];
  fonts?: BrandKitFile[];
}

export type PlanId = 'free' | 'pro' | 'team' | 'enterprise';
/** GET /v1/me/account: the plan in force and what it allows (shared/src/billing/plans.ts). */
export interface AccountView {
  plan: PlanId;
  entitlements: {
    monthlyCredits: number;
    watermark: boolean;
    canUseBrandKits: boolean;
    canSavePrivateTemplates: boolean;
    teams: boolean;
    sso: boolean;
  };
  subscription: { status: string; currentPeriodEnd: string; cancelAtPeriodEnd: boolean } | null;
  teams: Array<{ teamId: string; name: string; role: string; plan: PlanId }>;
}

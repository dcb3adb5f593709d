CREATE SCHEMA "billing";
--> statement-breakpoint
CREATE SCHEMA "creative";
--> statement-breakpoint
CREATE TABLE "billing"."subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" uuid,
	"team_id" uuid,
	"plan" text NOT NULL,
	"status" text NOT NULL,
	"provider" text NOT NULL,
	"provider_ref" text,
	"seats" integer DEFAULT 1 NOT NULL,
	"current_period_start" timestamp with time zone NOT NULL,
	"current_period_end" timestamp with time zone NOT NULL,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_one_owner" CHECK ((owner_user_id is null) <> (team_id is null))
);
--> statement-breakpoint
CREATE TABLE "creative"."asset_versions" (
	"asset_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"width" integer,
	"height" integer,
	"thumbnail_key" text,
	"source" text NOT NULL,
	"generation_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "asset_versions_asset_id_version_pk" PRIMARY KEY("asset_id","version")
);
--> statement-breakpoint
CREATE TABLE "creative"."assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "creative"."brand_kit_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_kit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "creative"."brand_kits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" uuid,
	"team_id" uuid,
	"name" text NOT NULL,
	"colours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tone" text DEFAULT '' NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_kits_one_owner" CHECK ((owner_user_id is null) <> (team_id is null))
);
--> statement-breakpoint
CREATE TABLE "creative"."design_document_versions" (
	"project_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"document" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "design_document_versions_project_id_revision_pk" PRIMARY KEY("project_id","revision")
);
--> statement-breakpoint
CREATE TABLE "creative"."design_documents" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"document" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "creative"."projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workbench_id" uuid NOT NULL,
	"name" text NOT NULL,
	"format" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"template_id" uuid,
	"brand_kit_id" uuid,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "creative"."templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" uuid,
	"team_id" uuid,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"format" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"document" jsonb NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	"featured" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "creative"."uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"target_id" uuid NOT NULL,
	"name" text NOT NULL,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"max_size" bigint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "creative"."workbenches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" uuid,
	"team_id" uuid,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workbenches_one_owner" CHECK ((owner_user_id is null) <> (team_id is null))
);
--> statement-breakpoint
ALTER TABLE "creative"."asset_versions" ADD CONSTRAINT "asset_versions_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "creative"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creative"."assets" ADD CONSTRAINT "assets_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "creative"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creative"."brand_kit_files" ADD CONSTRAINT "brand_kit_files_brand_kit_id_brand_kits_id_fk" FOREIGN KEY ("brand_kit_id") REFERENCES "creative"."brand_kits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creative"."design_document_versions" ADD CONSTRAINT "design_document_versions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "creative"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creative"."design_documents" ADD CONSTRAINT "design_documents_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "creative"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creative"."projects" ADD CONSTRAINT "projects_workbench_id_workbenches_id_fk" FOREIGN KEY ("workbench_id") REFERENCES "creative"."workbenches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creative"."projects" ADD CONSTRAINT "projects_brand_kit_id_brand_kits_id_fk" FOREIGN KEY ("brand_kit_id") REFERENCES "creative"."brand_kits"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_live_user_uq" ON "billing"."subscriptions" USING btree ("owner_user_id") WHERE "billing"."subscriptions"."status" in ('trialing', 'active', 'past_due') and "billing"."subscriptions"."owner_user_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_live_team_uq" ON "billing"."subscriptions" USING btree ("team_id") WHERE "billing"."subscriptions"."status" in ('trialing', 'active', 'past_due') and "billing"."subscriptions"."team_id" is not null;--> statement-breakpoint
CREATE INDEX "subscriptions_provider_ref_idx" ON "billing"."subscriptions" USING btree ("provider","provider_ref");--> statement-breakpoint
CREATE INDEX "assets_project_idx" ON "creative"."assets" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE INDEX "brand_kit_files_kit_idx" ON "creative"."brand_kit_files" USING btree ("brand_kit_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "brand_kits_default_user_uq" ON "creative"."brand_kits" USING btree ("owner_user_id") WHERE "creative"."brand_kits"."is_default" and "creative"."brand_kits"."team_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "brand_kits_default_team_uq" ON "creative"."brand_kits" USING btree ("team_id") WHERE "creative"."brand_kits"."is_default" and "creative"."brand_kits"."team_id" is not null;--> statement-breakpoint
CREATE INDEX "projects_workbench_idx" ON "creative"."projects" USING btree ("workbench_id","created_at","id");--> statement-breakpoint
CREATE INDEX "templates_category_idx" ON "creative"."templates" USING btree ("category");--> statement-breakpoint
CREATE INDEX "templates_owner_idx" ON "creative"."templates" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "templates_team_idx" ON "creative"."templates" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "uploads_pending_idx" ON "creative"."uploads" USING btree ("expires_at") WHERE "creative"."uploads"."completed_at" is null;--> statement-breakpoint
CREATE INDEX "workbenches_user_idx" ON "creative"."workbenches" USING btree ("owner_user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "workbenches_team_idx" ON "creative"."workbenches" USING btree ("team_id","created_at","id");
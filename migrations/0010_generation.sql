CREATE SCHEMA "generation";
--> statement-breakpoint
CREATE TABLE "generation"."generations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"owner_user_id" uuid,
	"team_id" uuid,
	"created_by" uuid NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"prompt" text NOT NULL,
	"format" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"brand_kit_id" uuid,
	"style" text,
	"tone" text,
	"input_asset_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"plan" text NOT NULL,
	"batch" integer DEFAULT 1 NOT NULL,
	"samples_reservation_id" uuid,
	"samples_cost" integer DEFAULT 0 NOT NULL,
	"selected_sample_id" uuid,
	"quality" text,
	"final_reservation_id" uuid,
	"final_cost" integer,
	"final_asset_id" uuid,
	"final_version" integer,
	"final_info" jsonb,
	"error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stage_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_sample_at" timestamp with time zone,
	"samples_done_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "generation"."samples" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"generation_id" uuid NOT NULL,
	"batch" integer NOT NULL,
	"index" integer NOT NULL,
	"state" text NOT NULL,
	"storage_key" text,
	"width" integer,
	"height" integer,
	"provider" text,
	"model" text,
	"latency_ms" integer,
	"attempts" integer DEFAULT 1 NOT NULL,
	"cost" text DEFAULT '0' NOT NULL,
	"error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "generation"."samples" ADD CONSTRAINT "samples_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "generation"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "generations_project_idx" ON "generation"."generations" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE INDEX "generations_active_idx" ON "generation"."generations" USING btree ("stage_started_at") WHERE "generation"."generations"."state" in ('pending', 'processing_samples', 'processing_final');--> statement-breakpoint
CREATE UNIQUE INDEX "samples_slot_idx" ON "generation"."samples" USING btree ("generation_id","batch","index");
ALTER TABLE "generation"."generations" ADD COLUMN "batch_started_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Rows from before: their batch started with their stage.
UPDATE "generation"."generations" SET "batch_started_at" = "stage_started_at";

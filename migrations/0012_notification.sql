CREATE SCHEMA "notification";
--> statement-breakpoint
CREATE TABLE "notification"."notifications" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source_event_id" text NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification"."settings" (
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"channel" text NOT NULL,
	"enabled" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settings_user_id_type_channel_pk" PRIMARY KEY("user_id","type","channel")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_source_uq" ON "notification"."notifications" USING btree ("user_id","source_event_id","type");--> statement-breakpoint
CREATE INDEX "notifications_user_seq_idx" ON "notification"."notifications" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notification"."notifications" USING btree ("user_id") WHERE "notification"."notifications"."read_at" is null;
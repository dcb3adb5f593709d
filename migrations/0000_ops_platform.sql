CREATE SCHEMA "ops";
--> statement-breakpoint
CREATE TABLE "ops"."event_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"source" text NOT NULL,
	"type" text NOT NULL,
	"subject" text,
	"time" timestamp with time zone NOT NULL,
	"data" jsonb,
	"traceparent" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ops"."outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"source" text NOT NULL,
	"subject" text,
	"data" jsonb NOT NULL,
	"traceparent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "ops"."processed_events" (
	"consumer" text NOT NULL,
	"source" text NOT NULL,
	"event_id" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_consumer_source_event_id_pk" PRIMARY KEY("consumer","source","event_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "event_log_source_id_uq" ON "ops"."event_log" USING btree ("source","event_id");--> statement-breakpoint
CREATE INDEX "event_log_type_time_idx" ON "ops"."event_log" USING btree ("type","time");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "ops"."outbox" USING btree ("created_at") WHERE "ops"."outbox"."published_at" is null;
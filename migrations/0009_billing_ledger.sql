CREATE TABLE "billing"."credit_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" uuid,
	"team_id" uuid,
	"grant" bigint DEFAULT 0 NOT NULL,
	"purchased" bigint DEFAULT 0 NOT NULL,
	"reserved" bigint DEFAULT 0 NOT NULL,
	"grant_plan" text,
	"grant_period_start" timestamp with time zone,
	"grant_period_end" timestamp with time zone,
	"version" bigint DEFAULT 0 NOT NULL,
	"anonymised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_accounts_grant_nonneg" CHECK ("billing"."credit_accounts"."grant" >= 0),
	CONSTRAINT "credit_accounts_reserved_nonneg" CHECK ("billing"."credit_accounts"."reserved" >= 0),
	CONSTRAINT "credit_accounts_owner" CHECK ((owner_user_id is null) <> (team_id is null) or anonymised_at is not null)
);
--> statement-breakpoint
CREATE TABLE "billing"."customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" uuid,
	"team_id" uuid,
	"provider" text NOT NULL,
	"provider_customer_id" text NOT NULL,
	"email" text,
	"name" text,
	"anonymised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing"."invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"provider" text NOT NULL,
	"provider_ref" text NOT NULL,
	"payment_ref" text,
	"invoice_id" uuid,
	"number" text NOT NULL,
	"description" text NOT NULL,
	"lines" jsonb NOT NULL,
	"total_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"hosted_url" text,
	"customer_name" text,
	"customer_email" text,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"odoo_move_id" integer,
	"odoo_synced_at" timestamp with time zone,
	"anonymised_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "billing"."ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"grant_delta" bigint DEFAULT 0 NOT NULL,
	"purchased_delta" bigint DEFAULT 0 NOT NULL,
	"reserved_delta" bigint DEFAULT 0 NOT NULL,
	"balance_after" bigint NOT NULL,
	"reservation_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing"."orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"provider_ref" text,
	"payment_ref" text,
	"pack" text NOT NULL,
	"credits" integer NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"state" text DEFAULT 'created' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "billing"."provider_events" (
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"outcome" text,
	CONSTRAINT "provider_events_provider_event_id_pk" PRIMARY KEY("provider","event_id")
);
--> statement-breakpoint
CREATE TABLE "billing"."reservations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"operation" text NOT NULL,
	"reference" text,
	"amount" bigint NOT NULL,
	"from_grant" bigint NOT NULL,
	"from_purchased" bigint NOT NULL,
	"grant_period_end" timestamp with time zone,
	"state" text DEFAULT 'held' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	"release_reason" text,
	CONSTRAINT "reservations_amount_nonneg" CHECK ("billing"."reservations"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "billing"."usage_counters" (
	"account_id" uuid NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"metric" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_counters_account_id_period_start_metric_pk" PRIMARY KEY("account_id","period_start","metric")
);
--> statement-breakpoint
ALTER TABLE "billing"."subscriptions" ADD COLUMN "pending_plan" text;--> statement-breakpoint
ALTER TABLE "billing"."subscriptions" ADD COLUMN "past_due_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "billing"."subscriptions" ADD COLUMN "reminders_sent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "billing"."subscriptions" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_account_id_credit_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "billing"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing"."ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_credit_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "billing"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing"."orders" ADD CONSTRAINT "orders_account_id_credit_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "billing"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing"."reservations" ADD CONSTRAINT "reservations_account_id_credit_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "billing"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing"."usage_counters" ADD CONSTRAINT "usage_counters_account_id_credit_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "billing"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_accounts_user_uq" ON "billing"."credit_accounts" USING btree ("owner_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_accounts_team_uq" ON "billing"."credit_accounts" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_provider_ref_uq" ON "billing"."customers" USING btree ("provider","provider_customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_provider_user_uq" ON "billing"."customers" USING btree ("provider","owner_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_provider_team_uq" ON "billing"."customers" USING btree ("provider","team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_provider_ref_uq" ON "billing"."invoices" USING btree ("provider","provider_ref","kind");--> statement-breakpoint
CREATE INDEX "invoices_account_idx" ON "billing"."invoices" USING btree ("account_id","issued_at");--> statement-breakpoint
CREATE INDEX "invoices_payment_ref_idx" ON "billing"."invoices" USING btree ("provider","payment_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_key_uq" ON "billing"."ledger_entries" USING btree ("account_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "ledger_entries_account_idx" ON "billing"."ledger_entries" USING btree ("account_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_provider_ref_uq" ON "billing"."orders" USING btree ("provider","provider_ref");--> statement-breakpoint
CREATE INDEX "orders_payment_ref_idx" ON "billing"."orders" USING btree ("provider","payment_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "reservations_key_uq" ON "billing"."reservations" USING btree ("account_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "reservations_held_idx" ON "billing"."reservations" USING btree ("expires_at") WHERE "billing"."reservations"."state" = 'held';--> statement-breakpoint
-- The ledger is append-only: corrections are new entries (refund, chargeback, adjustment), never edits.
CREATE FUNCTION "billing"."ledger_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'billing.ledger_entries is append-only (% refused)', TG_OP;
END $$;
--> statement-breakpoint
CREATE TRIGGER "ledger_entries_append_only" BEFORE UPDATE OR DELETE ON "billing"."ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION "billing"."ledger_entries_append_only"();

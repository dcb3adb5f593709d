import { resolve } from 'node:path';
import { createDb } from '@atelier/shared/db';
import { eventTypes } from '@atelier/shared/events/catalog';
import { functionSpecs, loadStack } from '@atelier/shared/stack/load';
import { repoRoot } from '../build';
import { loadRunnerConfig, parentEnv } from '../config';
import { listDeadLetters, replayDeadLetters, selectTriggers } from '../dlq';
import { triggersOf } from '../topology';
import { billingCommand, billingUsage } from './billing';
import { opsCommand } from './commands';
import { probe } from './probe';

const usage = `usage: npm run atelier -- <command>

  stack validate [--file F] check stack.yml: schema, event catalogue, handler folders (exit 1 if invalid)
  stack diff [--ref R | --against F] [--exit-code]
                           what the working stack.yml changes in knative/, object by object, against the
                           committed files (HEAD, or git ref R) or the manifests of another stack file F
  stack reload [--url U]   ask the running runner to re-read stack.yml now (it also watches the file)
  functions ps [--url U]   each function in the running runner: state, instances, cold starts, last error
  events tail [--type T]… [--json] [--count N]
                           follow events live (T: an event type or a topic pattern such as
                           dev.atelier.billing.#); a temporary queue, gone when the command ends
  outbox status            events written but not yet handed to RabbitMQ: pending, oldest, per type
  keys rotate [--url U]    new access-token signing key; the old public key stays in the JWKS until the
                           tokens it signed have expired (docs/operations.md#rotating-the-jwt-signing-key)
  dlq list                 dead letters per trigger, with the first few and why they failed
  dlq replay <trigger>     move a trigger's dead letters back to its queue with a fresh retry budget
                           (<trigger> is fn:event-type, a function name, or a queue name)
  stack check              the same as stack validate
  probe                    send an ops probe event through the outbox and wait for the audit log to
                           record it (the platform must be running: npm start)
${billingUsage}`;

async function main(argv: string[]): Promise<number> {
  const config = loadRunnerConfig();
  const [group, cmd, arg] = argv;
  const handled = await opsCommand(config, argv);
  if (handled !== undefined) return handled;
  const stack = loadStack(resolve(repoRoot, config.STACK_FILE), {
    env: parentEnv(),
    knownEventTypes: eventTypes(),
  });
  const specs = functionSpecs(stack);
  const triggers = triggersOf(specs, config.EVENTS_EXCHANGE);

  if (group === 'dlq' && cmd === 'list') {
    const rows = await listDeadLetters(config.RABBITMQ_URL, triggers);
    for (const r of rows) {
      console.log(`${r.trigger.padEnd(60)} ${String(r.count).padStart(6)} dead letter(s)`);
      for (const s of r.samples)
        console.log(`    ${s.eventId}  attempts=${s.attempts}  ${s.reason.slice(0, 120)}`);
    }
    return 0;
  }
  if (group === 'dlq' && cmd === 'replay') {
    if (!arg) return fail('dlq replay needs a trigger');
    const chosen = selectTriggers(triggers, arg);
    if (chosen.length === 0)
      return fail(`no trigger matches "${arg}"; known: ${triggers.map((t) => t.id).join(', ')}`);
    for (const t of chosen)
      console.log(
        `${t.id}: replayed ${await replayDeadLetters(config.RABBITMQ_URL, config.EVENTS_EXCHANGE, t)}`,
      );
    return 0;
  }
  if (group === 'billing') {
    const { db, close } = createDb({ DATABASE_URL: config.DATABASE_URL, DB_POOL_MAX: 1 });
    try {
      console.log(await billingCommand(db, argv.slice(1)));
      return 0;
    } catch (err) {
      // A failed query's own message is the SQL; its cause says what went wrong.
      const e = err as Error & { cause?: Error };
      return fail(e.cause?.message ?? e.message);
    } finally {
      await close();
    }
  }
  if (group === 'probe') {
    const { id, ms } = await probe(config);
    console.log(`probe ${id} delivered to the audit log in ${ms} ms`);
    return 0;
  }
  if (!group || group === 'help' || group === '--help') {
    console.log(usage);
    return 0;
  }
  console.error(`unknown command: ${argv.join(' ')}\n\n${usage}`);
  return 2;
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);

import type { Redis } from 'ioredis';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface StoredMail extends Mail {
  id: string;
  from: string;
  sentAt: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

const MAILBOX_MAX = 200;

/**
 * One way out for every email: SMTP (through nodemailer, loaded on first use) when SMTP_URL is set,
 * otherwise a local mailbox in Redis that the runner shows at /dev/mail, so people and tests can
 * follow the links without an email server.
 */
export function createMailer(
  config: { SMTP_URL?: string | undefined; MAIL_FROM: string; MAILBOX_KEY?: string | undefined },
  redis: Redis,
): Mailer {
  const key = config.MAILBOX_KEY ?? 'dev:mailbox';
  if (config.SMTP_URL) {
    const url = config.SMTP_URL;
    let transport: Promise<{ sendMail(m: object): Promise<unknown> }> | undefined;
    return {
      async send(mail) {
        transport ??= import('nodemailer').then((m) => (m.default ?? m).createTransport(url));
        await (await transport).sendMail({ from: config.MAIL_FROM, ...mail });
      },
    };
  }
  return {
    async send(mail) {
      const stored: StoredMail = {
        id: crypto.randomUUID(),
        from: config.MAIL_FROM,
        sentAt: new Date().toISOString(),
        ...mail,
      };
      await redis
        .multi()
        .lpush(key, JSON.stringify(stored))
        .ltrim(key, 0, MAILBOX_MAX - 1)
        .exec();
    },
  };
}

/** The local mailbox, newest first, optionally only what was sent to one address. */
export async function readMailbox(redis: Redis, key: string, to?: string): Promise<StoredMail[]> {
  const all = (await redis.lrange(key, 0, -1)).map((m) => JSON.parse(m) as StoredMail);
  return to ? all.filter((m) => m.to.toLowerCase() === to.toLowerCase()) : all;
}

import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../redis';
import { createMailer, readMailbox } from './mailer';
import { languages, renderMail } from './templates';

const redis = createRedis({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
afterAll(() => redis.quit());

describe('mail', () => {
  it('renders every template in every language with its placeholders filled', () => {
    const vars = {
      name: 'Ada',
      link: 'http://127.0.0.1:8080/verify?token=abc',
      inviter: 'Grace',
      team: 'Studio',
      role: 'Editor',
    };
    for (const lang of languages) {
      for (const name of ['verify_email', 'password_reset', 'team_invite', 'export_ready'] as const) {
        const mail = renderMail(name, lang, vars);
        expect(mail.subject).not.toMatch(/\{\{/);
        expect(mail.text).not.toMatch(/\{\{/);
        if (name !== 'team_invite') expect(mail.text).toContain(vars.link);
      }
    }
    expect(renderMail('verify_email', 'de-DE', vars).subject).toMatch(/Bestätigen/);
    expect(renderMail('verify_email', 'xx-XX', vars).subject).toBe(
      renderMail('verify_email', 'en-US', vars).subject,
    );
    expect(() => renderMail('verify_email', 'en-US', { name: 'Ada' })).toThrow(/link/);
  });

  it('keeps mail in the local mailbox when no SMTP server is configured', async () => {
    const to = `${randomUUID()}@example.test`;
    // A key of its own: the default (dev:mailbox) is the one a person's `npm start` shows at /dev/mail.
    const key = `test:mailbox:${randomUUID()}`;
    await createMailer({ MAIL_FROM: 'Atelier <no-reply@atelier.local>', MAILBOX_KEY: key }, redis).send({
      to,
      subject: 'Hi',
      text: 'Body',
    });
    const [mail] = await readMailbox(redis, key, to.toUpperCase());
    await redis.del(key);
    expect(mail).toMatchObject({ to, subject: 'Hi', text: 'Body', from: 'Atelier <no-reply@atelier.local>' });
  });

  it('speaks SMTP to a real SMTP server when SMTP_URL is set', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString()));
        stream.on('end', () => {
          received.push(data);
          done();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.server.address() as AddressInfo;
    try {
      const mailer = createMailer(
        { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'no-reply@atelier.local' },
        redis,
      );
      await mailer.send({ to: 'ada@example.test', subject: 'Confirm your email', text: 'http://link' });
      expect(received).toHaveLength(1);
      expect(received[0]).toContain('Subject: Confirm your email');
      expect(received[0]).toContain('To: ada@example.test');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

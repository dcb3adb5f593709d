import {
  type NotifyTemplateName,
  notifyDe,
  notifyEn,
  notifyEs,
  notifyFr,
} from '../notifications/mail-templates';

/** The languages Atelier speaks (PRODUCT.md §8). */
export const languages = ['en-US', 'en-GB', 'es-ES', 'es-MX', 'fr-FR', 'de-DE'] as const;
export type Language = (typeof languages)[number];

export interface MailTemplate {
  subject: string;
  /** Plain text with {{name}} placeholders; links stand on their own line. */
  text: string;
}

export type { NotifyTemplateName };

type Templates = Record<
  'verify_email' | 'password_reset' | 'team_invite' | 'export_ready' | NotifyTemplateName,
  Record<Language, MailTemplate>
>;

const en = {
  ...notifyEn,
  export_ready: {
    subject: 'Your Atelier data export is ready',
    text: 'Hello {{name}},\n\nThe copy of your data you asked for is ready to download:\n\n{{link}}\n\nThe link works for 24 hours; you can get a new one from Privacy in your account.',
  },
  verify_email: {
    subject: 'Confirm your email for Atelier',
    text: 'Hello {{name}},\n\nConfirm your email address to start creating with Atelier:\n\n{{link}}\n\nThe link works once and expires in 72 hours. If you did not sign up, ignore this email.',
  },
  password_reset: {
    subject: 'Reset your Atelier password',
    text: 'Hello {{name}},\n\nUse this link to choose a new password:\n\n{{link}}\n\nThe link works once and expires in 1 hour. Resetting signs you out everywhere. If you did not ask for this, ignore this email.',
  },
  team_invite: {
    subject: '{{inviter}} invited you to {{team}} on Atelier',
    text: 'Hello,\n\n{{inviter}} invited you to join the team {{team}} on Atelier as {{role}}:\n\n{{link}}\n\nThe invitation expires in 7 days.',
  },
} satisfies Record<keyof Templates, MailTemplate>;

const es = {
  ...notifyEs,
  export_ready: {
    subject: 'Tu exportación de datos de Atelier está lista',
    text: 'Hola {{name}}:\n\nLa copia de tus datos que pediste está lista para descargar:\n\n{{link}}\n\nEl enlace funciona durante 24 horas; puedes obtener uno nuevo en Privacidad, en tu cuenta.',
  },
  verify_email: {
    subject: 'Confirma tu correo en Atelier',
    text: 'Hola {{name}}:\n\nConfirma tu dirección de correo para empezar a crear con Atelier:\n\n{{link}}\n\nEl enlace funciona una sola vez y caduca en 72 horas. Si no te registraste, ignora este correo.',
  },
  password_reset: {
    subject: 'Restablece tu contraseña de Atelier',
    text: 'Hola {{name}}:\n\nUsa este enlace para elegir una contraseña nueva:\n\n{{link}}\n\nEl enlace funciona una sola vez y caduca en 1 hora. Al restablecerla se cerrarán todas tus sesiones. Si no lo pediste, ignora este correo.',
  },
  team_invite: {
    subject: '{{inviter}} te invitó a {{team}} en Atelier',
    text: 'Hola:\n\n{{inviter}} te invitó a unirte al equipo {{team}} en Atelier como {{role}}:\n\n{{link}}\n\nLa invitación caduca en 7 días.',
  },
} satisfies Record<keyof Templates, MailTemplate>;

const fr = {
  ...notifyFr,
  export_ready: {
    subject: 'Votre export de données Atelier est prêt',
    text: 'Bonjour {{name}},\n\nLa copie de vos données que vous avez demandée est prête à être téléchargée :\n\n{{link}}\n\nLe lien fonctionne pendant 24 heures ; vous pouvez en obtenir un nouveau depuis Confidentialité dans votre compte.',
  },
  verify_email: {
    subject: 'Confirmez votre adresse e-mail pour Atelier',
    text: 'Bonjour {{name}},\n\nConfirmez votre adresse e-mail pour commencer à créer avec Atelier :\n\n{{link}}\n\nLe lien ne sert qu’une fois et expire dans 72 heures. Si vous ne vous êtes pas inscrit, ignorez cet e-mail.',
  },
  password_reset: {
    subject: 'Réinitialisez votre mot de passe Atelier',
    text: 'Bonjour {{name}},\n\nUtilisez ce lien pour choisir un nouveau mot de passe :\n\n{{link}}\n\nLe lien ne sert qu’une fois et expire dans 1 heure. La réinitialisation vous déconnecte partout. Si vous ne l’avez pas demandée, ignorez cet e-mail.',
  },
  team_invite: {
    subject: '{{inviter}} vous invite dans {{team}} sur Atelier',
    text: 'Bonjour,\n\n{{inviter}} vous invite à rejoindre l’équipe {{team}} sur Atelier en tant que {{role}} :\n\n{{link}}\n\nL’invitation expire dans 7 jours.',
  },
} satisfies Record<keyof Templates, MailTemplate>;

const de = {
  ...notifyDe,
  export_ready: {
    subject: 'Ihr Atelier-Datenexport ist bereit',
    text: 'Hallo {{name}},\n\ndie angeforderte Kopie Ihrer Daten steht zum Herunterladen bereit:\n\n{{link}}\n\nDer Link funktioniert 24 Stunden; einen neuen erhalten Sie unter Datenschutz in Ihrem Konto.',
  },
  verify_email: {
    subject: 'Bestätigen Sie Ihre E-Mail-Adresse für Atelier',
    text: 'Hallo {{name}},\n\nbestätigen Sie Ihre E-Mail-Adresse, um mit Atelier loszulegen:\n\n{{link}}\n\nDer Link funktioniert einmal und läuft in 72 Stunden ab. Wenn Sie sich nicht registriert haben, ignorieren Sie diese E-Mail.',
  },
  password_reset: {
    subject: 'Setzen Sie Ihr Atelier-Passwort zurück',
    text: 'Hallo {{name}},\n\nüber diesen Link wählen Sie ein neues Passwort:\n\n{{link}}\n\nDer Link funktioniert einmal und läuft in 1 Stunde ab. Das Zurücksetzen meldet Sie überall ab. Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.',
  },
  team_invite: {
    subject: '{{inviter}} hat Sie zu {{team}} auf Atelier eingeladen',
    text: 'Hallo,\n\n{{inviter}} hat Sie eingeladen, dem Team {{team}} auf Atelier als {{role}} beizutreten:\n\n{{link}}\n\nDie Einladung läuft in 7 Tagen ab.',
  },
} satisfies Record<keyof Templates, MailTemplate>;

const byLanguage: Record<Language, Record<keyof Templates, MailTemplate>> = {
  'en-US': en,
  'en-GB': en,
  'es-ES': es,
  'es-MX': es,
  'fr-FR': fr,
  'de-DE': de,
};

export type TemplateName = keyof Templates;

/** Fills a template in the user's language (en-US when unknown); placeholders left unfilled throw. */
export function renderMail(name: TemplateName, language: string, vars: Record<string, string>): MailTemplate {
  const lang = (languages as readonly string[]).includes(language) ? (language as Language) : 'en-US';
  const template = byLanguage[lang][name];
  const fill = (s: string) =>
    s.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      const value = vars[key];
      if (value === undefined) throw new Error(`mail template ${name} needs {{${key}}}`);
      return value;
    });
  return { subject: fill(template.subject), text: fill(template.text) };
}

import type { MailTemplate } from '../mail/templates';

/** Notifications mailed by notify (docs/notifications.md); every one ends with its link. */
export type NotifyTemplateName =
  | 'notify_samples_ready'
  | 'notify_final_ready'
  | 'notify_generation_failed'
  | 'notify_content_rejected'
  | 'notify_payment_reminder'
  | 'notify_payment_suspended'
  | 'notify_subscription_changed'
  | 'notify_team_added'
  | 'notify_team_removed'
  | 'notify_comment_mentioned'
  | 'notify_comment_created'
  | 'notify_webhook_disabled';

export const notifyEn = {
  notify_samples_ready: {
    subject: 'Your samples for {{project}} are ready',
    text: 'Hello {{name}},\n\nYour new samples for {{project}} are ready. Pick the one to turn into the final:\n\n{{link}}',
  },
  notify_final_ready: {
    subject: 'Your final for {{project}} is ready',
    text: 'Hello {{name}},\n\nThe final image for {{project}} is ready and saved in the project:\n\n{{link}}',
  },
  notify_generation_failed: {
    subject: 'A generation for {{project}} failed',
    text: 'Hello {{name}},\n\nWe could not finish a generation for {{project}}. The credits it held were given back. You can try again:\n\n{{link}}',
  },
  notify_content_rejected: {
    subject: 'A generation for {{project}} was stopped',
    text: 'Hello {{name}},\n\nA generation for {{project}} broke the content rules, so nothing was shown and nothing was charged. You can change the prompt and try again:\n\n{{link}}',
  },
  notify_payment_reminder: {
    subject: 'Your Atelier payment did not go through',
    text: 'Hello {{name}},\n\nWe could not take the payment for your subscription. Please update your payment method before {{date}} to keep your plan:\n\n{{link}}',
  },
  notify_payment_suspended: {
    subject: 'Your Atelier plan is on hold',
    text: 'Hello {{name}},\n\nWe still could not take the payment for your subscription, so paid work is on hold. Update your payment method to continue:\n\n{{link}}',
  },
  notify_subscription_changed: {
    subject: 'Your Atelier subscription changed',
    text: 'Hello {{name}},\n\nYour subscription to the {{plan}} plan has changed. See the details in Billing:\n\n{{link}}',
  },
  notify_team_added: {
    subject: 'You joined {{team}} on Atelier',
    text: 'Hello {{name}},\n\nYou are now a member of the team {{team}}:\n\n{{link}}',
  },
  notify_team_removed: {
    subject: 'You were removed from {{team}} on Atelier',
    text: 'Hello {{name}},\n\nYou are no longer a member of the team {{team}}. Your own workbenches are not affected:\n\n{{link}}',
  },
  notify_comment_mentioned: {
    subject: '{{author}} mentioned you in {{project}}',
    text: 'Hello {{name}},\n\n{{author}} mentioned you in a comment on {{project}}:\n\n“{{excerpt}}”\n\n{{link}}',
  },
  notify_comment_created: {
    subject: '{{author}} commented on {{project}}',
    text: 'Hello {{name}},\n\n{{author}} commented on {{project}}:\n\n“{{excerpt}}”\n\n{{link}}',
  },
  notify_webhook_disabled: {
    subject: 'Your webhook to {{host}} was turned off',
    text: 'Hello {{name}},\n\nThe last {{count}} deliveries to your webhook endpoint at {{host}} all failed, so we turned it off. Fix the receiver, then turn the endpoint back on; past deliveries can be sent again from the log:\n\n{{link}}',
  },
} satisfies Record<NotifyTemplateName, MailTemplate>;

export const notifyEs = {
  notify_samples_ready: {
    subject: 'Tus muestras de {{project}} están listas',
    text: 'Hola {{name}}:\n\nTus nuevas muestras de {{project}} están listas. Elige la que quieres convertir en la imagen final:\n\n{{link}}',
  },
  notify_final_ready: {
    subject: 'Tu imagen final de {{project}} está lista',
    text: 'Hola {{name}}:\n\nLa imagen final de {{project}} está lista y guardada en el proyecto:\n\n{{link}}',
  },
  notify_generation_failed: {
    subject: 'Falló una generación de {{project}}',
    text: 'Hola {{name}}:\n\nNo pudimos terminar una generación de {{project}}. Te devolvimos los créditos reservados. Puedes intentarlo de nuevo:\n\n{{link}}',
  },
  notify_content_rejected: {
    subject: 'Se detuvo una generación de {{project}}',
    text: 'Hola {{name}}:\n\nUna generación de {{project}} incumplía las normas de contenido, así que no se mostró nada ni se cobró nada. Puedes cambiar la descripción e intentarlo de nuevo:\n\n{{link}}',
  },
  notify_payment_reminder: {
    subject: 'No se pudo cobrar tu pago de Atelier',
    text: 'Hola {{name}}:\n\nNo pudimos cobrar el pago de tu suscripción. Actualiza tu método de pago antes del {{date}} para conservar tu plan:\n\n{{link}}',
  },
  notify_payment_suspended: {
    subject: 'Tu plan de Atelier está en pausa',
    text: 'Hola {{name}}:\n\nSeguimos sin poder cobrar el pago de tu suscripción, así que el trabajo de pago está en pausa. Actualiza tu método de pago para continuar:\n\n{{link}}',
  },
  notify_subscription_changed: {
    subject: 'Tu suscripción de Atelier cambió',
    text: 'Hola {{name}}:\n\nTu suscripción al plan {{plan}} cambió. Consulta los detalles en Facturación:\n\n{{link}}',
  },
  notify_team_added: {
    subject: 'Te uniste a {{team}} en Atelier',
    text: 'Hola {{name}}:\n\nAhora eres miembro del equipo {{team}}:\n\n{{link}}',
  },
  notify_team_removed: {
    subject: 'Ya no formas parte de {{team}} en Atelier',
    text: 'Hola {{name}}:\n\nYa no eres miembro del equipo {{team}}. Tus propios espacios de trabajo no cambian:\n\n{{link}}',
  },
  notify_comment_mentioned: {
    subject: '{{author}} te mencionó en {{project}}',
    text: 'Hola {{name}}:\n\n{{author}} te mencionó en un comentario de {{project}}:\n\n«{{excerpt}}»\n\n{{link}}',
  },
  notify_comment_created: {
    subject: '{{author}} comentó en {{project}}',
    text: 'Hola {{name}}:\n\n{{author}} comentó en {{project}}:\n\n«{{excerpt}}»\n\n{{link}}',
  },
  notify_webhook_disabled: {
    subject: 'Desactivamos tu webhook a {{host}}',
    text: 'Hola {{name}}:\n\nLas últimas {{count}} entregas a tu webhook en {{host}} fallaron, así que lo desactivamos. Corrige el receptor y vuelve a activarlo; puedes reenviar las entregas anteriores desde el registro:\n\n{{link}}',
  },
} satisfies Record<NotifyTemplateName, MailTemplate>;

export const notifyFr = {
  notify_samples_ready: {
    subject: 'Vos propositions pour {{project}} sont prêtes',
    text: 'Bonjour {{name}},\n\nVos nouvelles propositions pour {{project}} sont prêtes. Choisissez celle qui deviendra l’image finale :\n\n{{link}}',
  },
  notify_final_ready: {
    subject: 'Votre image finale pour {{project}} est prête',
    text: 'Bonjour {{name}},\n\nL’image finale de {{project}} est prête et enregistrée dans le projet :\n\n{{link}}',
  },
  notify_generation_failed: {
    subject: 'Une génération pour {{project}} a échoué',
    text: 'Bonjour {{name}},\n\nNous n’avons pas pu terminer une génération pour {{project}}. Les crédits réservés vous ont été rendus. Vous pouvez réessayer :\n\n{{link}}',
  },
  notify_content_rejected: {
    subject: 'Une génération pour {{project}} a été arrêtée',
    text: 'Bonjour {{name}},\n\nUne génération pour {{project}} enfreignait les règles de contenu : rien n’a été affiché ni facturé. Vous pouvez modifier la description et réessayer :\n\n{{link}}',
  },
  notify_payment_reminder: {
    subject: 'Votre paiement Atelier n’a pas abouti',
    text: 'Bonjour {{name}},\n\nNous n’avons pas pu encaisser le paiement de votre abonnement. Mettez à jour votre moyen de paiement avant le {{date}} pour conserver votre formule :\n\n{{link}}',
  },
  notify_payment_suspended: {
    subject: 'Votre formule Atelier est suspendue',
    text: 'Bonjour {{name}},\n\nNous n’avons toujours pas pu encaisser le paiement de votre abonnement : les travaux payants sont suspendus. Mettez à jour votre moyen de paiement pour continuer :\n\n{{link}}',
  },
  notify_subscription_changed: {
    subject: 'Votre abonnement Atelier a changé',
    text: 'Bonjour {{name}},\n\nVotre abonnement à la formule {{plan}} a changé. Retrouvez les détails dans Facturation :\n\n{{link}}',
  },
  notify_team_added: {
    subject: 'Vous avez rejoint {{team}} sur Atelier',
    text: 'Bonjour {{name}},\n\nVous êtes désormais membre de l’équipe {{team}} :\n\n{{link}}',
  },
  notify_team_removed: {
    subject: 'Vous ne faites plus partie de {{team}} sur Atelier',
    text: 'Bonjour {{name}},\n\nVous n’êtes plus membre de l’équipe {{team}}. Vos propres espaces de travail ne changent pas :\n\n{{link}}',
  },
  notify_comment_mentioned: {
    subject: '{{author}} vous a mentionné dans {{project}}',
    text: 'Bonjour {{name}},\n\n{{author}} vous a mentionné dans un commentaire sur {{project}} :\n\n« {{excerpt}} »\n\n{{link}}',
  },
  notify_comment_created: {
    subject: '{{author}} a commenté {{project}}',
    text: 'Bonjour {{name}},\n\n{{author}} a commenté {{project}} :\n\n« {{excerpt}} »\n\n{{link}}',
  },
  notify_webhook_disabled: {
    subject: 'Votre webhook vers {{host}} a été désactivé',
    text: 'Bonjour {{name}},\n\nLes {{count}} dernières livraisons vers votre webhook {{host}} ont toutes échoué : nous l’avons donc désactivé. Corrigez le récepteur puis réactivez-le ; les livraisons passées peuvent être renvoyées depuis le journal :\n\n{{link}}',
  },
} satisfies Record<NotifyTemplateName, MailTemplate>;

export const notifyDe = {
  notify_samples_ready: {
    subject: 'Ihre Entwürfe für {{project}} sind fertig',
    text: 'Hallo {{name}},\n\nIhre neuen Entwürfe für {{project}} sind fertig. Wählen Sie den Entwurf für das finale Bild:\n\n{{link}}',
  },
  notify_final_ready: {
    subject: 'Ihr finales Bild für {{project}} ist fertig',
    text: 'Hallo {{name}},\n\ndas finale Bild für {{project}} ist fertig und im Projekt gespeichert:\n\n{{link}}',
  },
  notify_generation_failed: {
    subject: 'Eine Generierung für {{project}} ist fehlgeschlagen',
    text: 'Hallo {{name}},\n\nwir konnten eine Generierung für {{project}} nicht abschließen. Die reservierten Credits haben Sie zurückerhalten. Sie können es erneut versuchen:\n\n{{link}}',
  },
  notify_content_rejected: {
    subject: 'Eine Generierung für {{project}} wurde gestoppt',
    text: 'Hallo {{name}},\n\neine Generierung für {{project}} verstieß gegen die Inhaltsregeln: Es wurde nichts angezeigt und nichts berechnet. Sie können die Beschreibung ändern und es erneut versuchen:\n\n{{link}}',
  },
  notify_payment_reminder: {
    subject: 'Ihre Atelier-Zahlung ist fehlgeschlagen',
    text: 'Hallo {{name}},\n\nwir konnten die Zahlung für Ihr Abonnement nicht einziehen. Bitte aktualisieren Sie Ihre Zahlungsmethode vor dem {{date}}, um Ihren Tarif zu behalten:\n\n{{link}}',
  },
  notify_payment_suspended: {
    subject: 'Ihr Atelier-Tarif ist pausiert',
    text: 'Hallo {{name}},\n\nwir konnten die Zahlung für Ihr Abonnement weiterhin nicht einziehen, daher sind kostenpflichtige Arbeiten pausiert. Aktualisieren Sie Ihre Zahlungsmethode, um fortzufahren:\n\n{{link}}',
  },
  notify_subscription_changed: {
    subject: 'Ihr Atelier-Abonnement hat sich geändert',
    text: 'Hallo {{name}},\n\nIhr Abonnement für den Tarif {{plan}} hat sich geändert. Die Details finden Sie unter Abrechnung:\n\n{{link}}',
  },
  notify_team_added: {
    subject: 'Sie sind {{team}} auf Atelier beigetreten',
    text: 'Hallo {{name}},\n\nSie sind jetzt Mitglied des Teams {{team}}:\n\n{{link}}',
  },
  notify_team_removed: {
    subject: 'Sie wurden aus {{team}} auf Atelier entfernt',
    text: 'Hallo {{name}},\n\nSie sind nicht mehr Mitglied des Teams {{team}}. Ihre eigenen Arbeitsbereiche bleiben unverändert:\n\n{{link}}',
  },
  notify_comment_mentioned: {
    subject: '{{author}} hat Sie in {{project}} erwähnt',
    text: 'Hallo {{name}},\n\n{{author}} hat Sie in einem Kommentar zu {{project}} erwähnt:\n\n„{{excerpt}}“\n\n{{link}}',
  },
  notify_comment_created: {
    subject: '{{author}} hat {{project}} kommentiert',
    text: 'Hallo {{name}},\n\n{{author}} hat {{project}} kommentiert:\n\n„{{excerpt}}“\n\n{{link}}',
  },
  notify_webhook_disabled: {
    subject: 'Ihr Webhook an {{host}} wurde deaktiviert',
    text: 'Hallo {{name}},\n\ndie letzten {{count}} Zustellungen an Ihren Webhook bei {{host}} sind alle fehlgeschlagen, daher haben wir ihn deaktiviert. Beheben Sie den Empfänger und aktivieren Sie ihn wieder; frühere Zustellungen können Sie im Protokoll erneut senden:\n\n{{link}}',
  },
} satisfies Record<NotifyTemplateName, MailTemplate>;

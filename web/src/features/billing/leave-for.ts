/**
 * Leaves the app for a payment page (Stripe Checkout, PayPal approval, Stripe's customer portal). One
 * function, so component tests can watch where the page would go instead of navigating away.
 */
export function leaveFor(url: string) {
  window.location.assign(url);
}

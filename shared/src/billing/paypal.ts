/**
 * PayPal's Orders v2 REST API for credit packs (being built: issue 6).
 */
export interface PaypalConfig {
  PAYPAL_CLIENT_ID?: string | undefined;
  PAYPAL_CLIENT_SECRET?: string | undefined;
  PAYPAL_API_URL: string;
}

export interface PaypalClient {
  /** Creates an order for a pack; `referenceId` is our order id (PayPal's custom_id). */
  createOrder(input: {
    referenceId: string;
    description: string;
    amountCents: number;
    currency: string;
    returnUrl: string;
    cancelUrl: string;
  }): Promise<{ id: string; approveUrl: string }>;
  /** Captures an approved order. */
  captureOrder(paypalOrderId: string): Promise<{
    status: string;
    captureId: string | null;
    payer: { name: string | null; email: string | null };
  }>;
}

export function createPaypal(config: PaypalConfig): PaypalClient | null {
  if (!config.PAYPAL_CLIENT_ID || !config.PAYPAL_CLIENT_SECRET) return null;
  throw new Error('PayPal client not built yet');
}

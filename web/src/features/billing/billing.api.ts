import type { ApiClient, Page } from '../../lib/api';
import type {
  BillingView,
  Catalog,
  Invoice,
  LedgerEntry,
  PackId,
  PaypalCapture,
  SelfServePlan,
  Subscription,
} from '../../lib/api/billing-types';
import { enc, query } from '../../lib/query';

/** The owner a call is about: the signed-in user (no teamId) or one of their teams. */
type Owner = { teamId?: string | undefined };
const owner = (teamId: string | undefined): Owner => (teamId ? { teamId } : {});

/** functions/billing: plan, credits, ledger, invoices, Stripe Checkout and portal, PayPal orders. */
export const billingApi = (api: ApiClient) => ({
  view: (teamId?: string) => api.get<BillingView>(`/v1/billing${query({ teamId })}`),
  catalog: () => api.get<Catalog>('/v1/billing/catalog'),
  ledger: (teamId: string | undefined, cursor?: string) =>
    api.get<Page<LedgerEntry>>(`/v1/billing/ledger${query({ teamId, cursor, limit: 20 })}`),
  invoices: (teamId: string | undefined, cursor?: string) =>
    api.get<Page<Invoice>>(`/v1/billing/invoices${query({ teamId, cursor })}`),
  checkoutPlan: (plan: SelfServePlan, seats: number | undefined, teamId?: string) =>
    api.post<{ url: string }>('/v1/billing/checkout', {
      kind: 'plan',
      plan,
      ...(seats ? { seats } : {}),
      ...owner(teamId),
    }),
  checkoutPack: (pack: PackId, teamId?: string) =>
    api.post<{ url: string }>('/v1/billing/checkout', { kind: 'pack', pack, ...owner(teamId) }),
  changePlan: (plan: SelfServePlan, seats: number | undefined, teamId?: string) =>
    api.post<{ subscription: Subscription }>('/v1/billing/subscription', {
      plan,
      ...(seats ? { seats } : {}),
      ...owner(teamId),
    }),
  cancel: (teamId?: string) =>
    api.post<{ subscription: Subscription }>('/v1/billing/subscription/cancel', owner(teamId)),
  resume: (teamId?: string) =>
    api.post<{ subscription: Subscription }>('/v1/billing/subscription/resume', owner(teamId)),
  portal: (teamId?: string) => api.post<{ url: string }>('/v1/billing/portal', owner(teamId)),
  paypalOrder: (pack: PackId, teamId?: string) =>
    api.post<{ orderId: string; approveUrl: string }>('/v1/billing/paypal/orders', {
      pack,
      ...owner(teamId),
    }),
  paypalCapture: (orderId: string) =>
    api.post<PaypalCapture>(`/v1/billing/paypal/orders/${enc(orderId)}/capture`),
});
export type BillingApi = ReturnType<typeof billingApi>;

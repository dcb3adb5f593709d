import { type ComponentType, Suspense, useState } from 'react';
import { createBrowserRouter, type RouteObject, RouterProvider } from 'react-router';
import { AuthLayout } from './components/auth-layout';
import { GuestOnly, RequireSession } from './components/guards';
import { Loading } from './components/loading';
import { laterAreas } from './lib/areas';

// Each page is its own chunk: the first screen downloads only the shell and that page.
const page = <M,>(load: () => Promise<M>, pick: (m: M) => ComponentType) => ({
  lazy: async () => ({ Component: pick(await load()) }),
});
const auth = () => import('./features/auth/auth-pages');
const account = () => import('./features/account/account-pages');
const teams = () => import('./features/teams/teams-pages');
const dashboard = () => import('./features/dashboard/dashboard-pages');
const workbenches = () => import('./features/workbenches/workbenches-pages');
const templates = () => import('./features/templates/templates-pages');
const assets = () => import('./features/assets/assets-pages');
const brandKits = () => import('./features/brand-kits/brand-kits-pages');
const billing = () => import('./features/billing/billing-pages');
const studio = () => import('./features/studio/studio-pages');
const notifications = () => import('./features/notifications/notifications-pages');
const canvas = () => import('./features/canvas/canvas-pages');
const developer = () => import('./features/developer/developer-pages');

export const routes: RouteObject[] = [
  {
    element: <AuthLayout />,
    hydrateFallbackElement: <Loading />,
    children: [
      {
        element: <GuestOnly />,
        children: [
          { path: '/sign-in', ...page(auth, (m) => m.SignInPage) },
          { path: '/sign-up', ...page(auth, (m) => m.SignUpPage) },
          { path: '/forgot-password', ...page(auth, (m) => m.ForgotPasswordPage) },
        ],
      },
      { path: '/verify-email', ...page(auth, (m) => m.VerifyEmailPage) },
      { path: '/reset-password', ...page(auth, (m) => m.ResetPasswordPage) },
      { path: '/signed-in', ...page(auth, (m) => m.SignedInPage) },
    ],
  },
  {
    element: <RequireSession />,
    hydrateFallbackElement: <Loading />,
    children: [
      { index: true, ...page(dashboard, (m) => m.DashboardPage) },
      ...laterAreas.map((a) => ({
        path: a.path,
        lazy: async () => {
          const { ComingLaterPage } = await dashboard();
          return { Component: () => <ComingLaterPage area={a.key} /> };
        },
      })),
      { path: '/workbenches', ...page(workbenches, (m) => m.WorkbenchesPage) },
      { path: '/workbenches/:workbenchId', ...page(workbenches, (m) => m.WorkbenchPage) },
      { path: '/projects/:projectId', ...page(workbenches, (m) => m.ProjectPage) },
      { path: '/studio', ...page(studio, (m) => m.StudioPickPage) },
      { path: '/projects/:projectId/studio', ...page(studio, (m) => m.StudioPage) },
      { path: '/projects/:projectId/canvas', ...page(canvas, (m) => m.CanvasPage) },
      { path: '/notifications', ...page(notifications, (m) => m.NotificationsPage) },
      { path: '/templates', ...page(templates, (m) => m.TemplatesPage) },
      { path: '/assets', ...page(assets, (m) => m.AssetsPage) },
      { path: '/brand-kits', ...page(brandKits, (m) => m.BrandKitsPage) },
      { path: '/brand-kits/:kitId', ...page(brandKits, (m) => m.BrandKitPage) },
      { path: '/billing', ...page(billing, (m) => m.BillingPage) },
      { path: '/developer', ...page(developer, (m) => m.DeveloperPage) },
      { path: '/developer/webhooks/:endpointId', ...page(developer, (m) => m.WebhookEndpointPage) },
      { path: '/settings/profile', ...page(account, (m) => m.ProfilePage) },
      { path: '/settings/security', ...page(account, (m) => m.SecurityPage) },
      { path: '/settings/privacy', ...page(account, (m) => m.PrivacyPage) },
      { path: '/teams', ...page(teams, (m) => m.TeamsPage) },
      { path: '/teams/accept', ...page(teams, (m) => m.AcceptInvitationPage) },
      { path: '/teams/:teamId', ...page(teams, (m) => m.TeamPage) },
      { path: '*', ...page(dashboard, (m) => m.NotFoundPage) },
    ],
  },
];

export function App() {
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <Suspense fallback={<Loading />}>
      <RouterProvider router={router} />
    </Suspense>
  );
}

import { NotFoundError } from '../errors';

/** Team roles, strongest first. */
export const roles = ['owner', 'admin', 'editor', 'viewer'] as const;
export type Role = (typeof roles)[number];

/**
 * The permission matrix every function checks resources against (docs/permissions.md lists it).
 * Each permission names the weakest role that holds it; stronger roles hold it too.
 */
export const permissions = {
  'team.view': 'viewer',
  'team.update': 'admin',
  'team.delete': 'owner',
  'team.transfer_ownership': 'owner',
  'team.members.invite': 'admin',
  'team.members.change_role': 'admin',
  'team.members.remove': 'admin',
  'team.billing.manage': 'admin',
  'brand_kit.view': 'viewer',
  'brand_kit.manage': 'editor',
  'workbench.view': 'viewer',
  'workbench.manage': 'editor',
  'workbench.delete': 'admin',
  'project.view': 'viewer',
  'project.edit': 'editor',
  'project.delete': 'editor',
  'asset.view': 'viewer',
  'asset.upload': 'editor',
  'asset.delete': 'editor',
  'template.save_private': 'editor',
  'generation.create': 'editor',
  'generation.view': 'viewer',
  'comment.create': 'viewer',
  'developer.keys.manage': 'admin',
  'developer.webhooks.manage': 'admin',
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof permissions;

const rank = (role: Role) => roles.indexOf(role);

export function can(role: Role, permission: Permission): boolean {
  return rank(role) <= rank(permissions[permission]);
}

/**
 * Administering a team (anything that needs Admin or Owner) needs two-step sign-in on the account
 * (PRODUCT.md §1: MFA is required for admins). An admin without it gets 403 `mfa_required`.
 */
export function needsMfa(permission: Permission): boolean {
  return rank(permissions[permission]) <= rank('admin');
}

/**
 * For a resource the caller reached through a team: a member without the permission gets the same
 * answer as someone outside the team when they cannot even view it (404), and 403 otherwise.
 */
export function assertCan(role: Role | undefined, permission: Permission, forbidden: () => Error): void {
  if (!role || !can(role, 'team.view')) throw new NotFoundError();
  if (!can(role, permission)) throw forbidden();
}

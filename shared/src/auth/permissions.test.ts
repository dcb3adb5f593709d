import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../errors';
import { assertCan, can, permissions, roles } from './permissions';

describe('permission matrix', () => {
  it('gives stronger roles everything weaker roles have', () => {
    for (const p of Object.keys(permissions) as Array<keyof typeof permissions>) {
      const holders = roles.filter((r) => can(r, p));
      expect(holders).toEqual(roles.slice(0, holders.length));
      expect(holders).toContain('owner');
    }
  });

  it('keeps a Viewer from what needs an Editor, and an Editor from what needs an Admin', () => {
    expect(can('viewer', 'project.view')).toBe(true);
    expect(can('viewer', 'project.edit')).toBe(false);
    expect(can('editor', 'project.edit')).toBe(true);
    expect(can('editor', 'team.members.invite')).toBe(false);
    expect(can('admin', 'team.delete')).toBe(false);
    expect(can('owner', 'team.delete')).toBe(true);
  });

  it('answers outsiders 404 and members without the permission 403', () => {
    expect(() => assertCan(undefined, 'project.edit', () => new ForbiddenError())).toThrow(NotFoundError);
    expect(() => assertCan('viewer', 'project.edit', () => new ForbiddenError())).toThrow(ForbiddenError);
    expect(() => assertCan('editor', 'project.edit', () => new ForbiddenError())).not.toThrow();
  });

  it('is documented in docs/permissions.md, every permission and its weakest role', () => {
    const doc = readFileSync(new URL('../../../docs/permissions.md', import.meta.url), 'utf8');
    for (const [p, role] of Object.entries(permissions))
      expect(doc).toMatch(new RegExp(`\\| \`${p.replace('.', '\\.')}\` \\| ${role} \\|`));
  });
});

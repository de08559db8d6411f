import { describe, expect, it } from 'vitest';
import { domainEvent } from './envelope.ts';
import { takeUndeclaredEmits, UndeclaredEmitError, withDeclaredEmits } from './emits.ts';

const data = { userId: 'u1', fields: ['name'] };

describe('declared emits', () => {
  it('lets a handler emit what its manifest entry declares, and anything outside a handler scope', async () => {
    expect(domainEvent('profile.updated', data, 'c1').type).toBe('profile.updated');
    await withDeclaredEmits('users.routes.updateMe', ['profile.updated'], async () => {
      await Promise.resolve();
      expect(domainEvent('profile.updated', data, 'c1').type).toBe('profile.updated');
    });
    expect(takeUndeclaredEmits()).toEqual([]);
  });

  it('refuses (and records) an event the entry does not declare, across awaits', async () => {
    await expect(
      withDeclaredEmits('users.routes.getMe', [], async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return domainEvent('profile.updated', data, 'c1');
      }),
    ).rejects.toThrow(UndeclaredEmitError);
    expect(takeUndeclaredEmits()).toEqual([expect.stringContaining("users.routes.getMe emitted 'profile.updated'")]);
  });
});

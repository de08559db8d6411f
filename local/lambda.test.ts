import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { LoadedManifest } from '#shared/manifest/registry.ts';
import { assertDeclaredEmits, declareEmits, invoke } from './lambda.ts';

const file = fileURLToPath(new URL('./fixtures/emitting-handler.ts', import.meta.url));
const manifest = (emits: readonly string[]) =>
  [
    {
      dir: '/nowhere',
      manifest: {
        domain: 'users',
        description: '',
        routes: {
          updateMe: {
            method: 'PATCH',
            path: '/v1/me',
            handler: 'x.ts',
            auth: 'user',
            access: {},
            summary: '',
            responses: {},
            emits,
          },
        },
      },
    },
  ] as unknown as LoadedManifest[];

describe("invoke holds a handler to its manifest entry's emits", () => {
  it('runs a handler that emits what it declares', async () => {
    declareEmits(manifest(['profile.updated']));
    await expect(invoke(file, {}, 'users-updateMe')).resolves.toBe('profile.updated');
    expect(() => assertDeclaredEmits()).not.toThrow();
  });

  it("fails the handler, and then the platform's stop(), on an undeclared emit", async () => {
    declareEmits(manifest([]));
    await expect(invoke(file, {}, 'users-updateMe')).rejects.toThrow("users.routes.updateMe emitted 'profile.updated'");
    expect(() => assertDeclaredEmits()).toThrow(/undeclared emits/);
    expect(() => assertDeclaredEmits()).not.toThrow();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { renderOpenApi, OPENAPI_FILE } from '#shared/manifest/generate-openapi.ts';
import { renderRoutes, ROUTES_FILE } from '#shared/manifest/generate-routes.ts';
import { bootPlatform, type TestPlatform } from './support.ts';

let t: TestPlatform;
beforeAll(async () => {
  t = await bootPlatform();
});
afterAll(async () => {
  await t?.stop();
});

describe('platform routes', () => {
  it('GET /v1/health checks the table', async () => {
    const response = await t.api.get('/v1/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', checks: { table: 'ok' } });
  });

  it('GET /v1/openapi.json serves the document generated from every manifest route', async () => {
    const response = await t.api.get<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      '/v1/openapi.json',
    );
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    for (const { manifest } of t.platform.manifests) {
      for (const route of Object.values(manifest.routes)) {
        expect(
          response.body.paths[route.path]?.[route.method.toLowerCase()],
          `${route.method} ${route.path}`,
        ).toBeDefined();
      }
    }
  });

  it('names every operation once (a route key two domains share is qualified by its domain)', async () => {
    const document = JSON.parse(await renderOpenApi()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const ids = Object.values(document.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    expect(ids).toEqual(expect.arrayContaining(['catalogGetProduct', 'searchGetProduct']));
  });

  it('the committed docs/api/openapi.json is up to date with the manifests (run npm run openapi)', async () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(await renderOpenApi());
  });

  it('the committed docs/routes.md is up to date with the manifests (run npm run routes)', async () => {
    expect(readFileSync(ROUTES_FILE, 'utf8')).toBe(await renderRoutes());
  });

  it('GET /docs renders the reference page from files this API serves (no CDN); HEAD answers like GET without a body', async () => {
    const response = await fetch(`${t.platform.url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    expect(page).toContain('/v1/openapi.json');
    const sources = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources.sort()).toEqual(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css']);
    for (const source of sources) {
      const asset = await fetch(`${t.platform.url}${source}`);
      expect(asset.status, source).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(source.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect(await asset.text()).toBe(
        readFileSync(new URL(`../node_modules/swagger-ui-dist/${source.split('/').pop()}`, import.meta.url), 'utf8'),
      );
    }
    expect((await fetch(`${t.platform.url}/docs/assets/secrets.json`)).status).toBe(400);
    for (const path of ['/docs', '/v1/health', '/v1/openapi.json']) {
      const head = await fetch(`${t.platform.url}${path}`, { method: 'HEAD' });
      expect(head.status, path).toBe(200);
      expect(await head.text()).toBe('');
    }
  });

  it('the document groups operations by domain and describes parameters and responses', async () => {
    const doc = (
      await t.api.get<{
        tags: { name: string }[];
        paths: Record<
          string,
          Record<
            string,
            {
              tags: string[];
              parameters: { name: string; description?: string }[];
              responses: Record<string, { content?: unknown }>;
            }
          >
        >;
      }>('/v1/openapi.json')
    ).body;
    expect(doc.tags.map((tag) => tag.name)).toEqual(
      expect.arrayContaining(['booking', 'orders', 'users', 'vendors', 'search']),
    );
    const myOrders = doc.paths['/v1/me/orders']!.get!;
    expect(myOrders.tags).toEqual(['orders']);
    for (const name of ['limit', 'cursor', 'Accept-Language']) {
      expect(myOrders.parameters.find((parameter) => parameter.name === name)?.description, name).toEqual(
        expect.any(String),
      );
    }
    expect(myOrders.responses['200']?.content).toBeDefined();
  });

  it('CORS preflight is answered', async () => {
    const response = await fetch(`${t.platform.url}/v1/me/pets`, {
      method: 'OPTIONS',
      headers: { 'origin': 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const stranger = await fetch(`${t.platform.url}/v1/health`, { headers: { origin: 'https://evil.example' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('GET /dev/accounts and /dev/dead-letters answer', async () => {
    expect((await t.api.get('/dev/accounts')).status).toBe(200);
    expect((await t.api.get<{ items: unknown[] }>('/dev/dead-letters')).body.items).toEqual([]);
  });
});

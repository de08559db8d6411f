import { httpRoute } from '#shared/http/route.ts';
import { shippedFile } from '#shared/http/shipped-file.ts';
import { manifest } from '../manifest.ts';
import { DOCS_ASSETS } from '../docs-page.ts';

const CONTENT_TYPES = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' } as const;

// Read once per container: the files never change within a deployment.
const assets = new Map(
  DOCS_ASSETS.map((file) => [file, shippedFile(`swagger-ui-dist/${file}`, import.meta.url).toString('utf8')]),
);

export const handler = httpRoute(manifest.routes.docsAsset, async ({ params }) => ({
  status: 200,
  text: assets.get(params.file)!,
  headers: {
    'content-type': CONTENT_TYPES[params.file.endsWith('.css') ? 'css' : 'js'],
    // The package version is pinned by the lock file; a deployment may change it.
    'cache-control': 'public, max-age=3600',
  },
}));

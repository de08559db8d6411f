import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSchema, SCHEMA_FILE } from '../scripts/generate.ts';

describe('generated API types', () => {
  it('src/schema.d.ts is what openapi-typescript makes of docs/api/openapi.json', async () => {
    const fresh = await renderSchema();
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    if (committed !== fresh)
      expect.fail('frontends/api-client/src/schema.d.ts is stale: run npm run openapi (at the repository root)');
  }, 60_000);
});

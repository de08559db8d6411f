import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeUserPoolWritesAtomic } from './durable-files.ts';
import { requireCognitoLocal } from './internals.ts';

type StormEngine = new (path: string, options: { async: boolean }) => { write(data: unknown): Promise<void> | null };
const { localFileEngine: Engine } = requireCognitoLocal('stormdb') as { localFileEngine: StormEngine };

describe('user pool files', () => {
  it('are replaced by a renamed whole file, never rewritten in place', async () => {
    makeUserPoolWritesAtomic();
    const dir = mkdtempSync(join(tmpdir(), 'pool-files-'));
    const file = join(dir, 'pool.json');
    const engine = new Engine(file, { async: true });
    await engine.write({ Users: { a: 1 } });
    const old = openSync(file, 'r');
    await Promise.all([engine.write({ Users: { b: 2 } }), engine.write({ Users: { c: 3 } })]);
    // The file we held open still holds the first state, whole: it was never written again, so a
    // kill during a write can only lose that write, not the file.
    expect(fstatSync(old).ino).not.toBe(statSync(file).ino);
    expect(JSON.parse(readFileSync(old, 'utf8'))).toEqual({ Users: { a: 1 } });
    closeSync(old);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ Users: { c: 3 } });
    expect(readdirSync(dir)).toEqual(['pool.json']);
  });
});

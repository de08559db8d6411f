import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './registry.ts';

/** The README is read by every newcomer: what it points to must be in a plain clone. */
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('points to nothing outside the repository (a plain clone has no ../shared)', () => {
    expect(readme).not.toMatch(/\.\.\//);
  });

  it('every repository path it names exists (folders, files, the architecture map)', () => {
    const roots = ['bench', 'docs', 'functions', 'infra', 'local', 'shared', 'test', 'frontends', '.ci'];
    const paths = [...readme.matchAll(/`([A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]*)`/g)]
      .map((match) => match[1]!)
      .filter((path) => roots.includes(path.split('/')[0]!));
    expect(paths).toContain('docs/architecture.md');
    for (const path of paths) expect(existsSync(join(REPO_ROOT, path)), path).toBe(true);
  });

  it('states the Node requirement the install actually has', () => {
    const engines = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } })
      .engines.node;
    expect(engines).toBe('>=20');
    expect(readme).toMatch(/Node\.js 20 or newer/);
    expect(readme).toMatch(/EBADENGINE/);
  });
});

/**
 * cognito-local keeps each user pool in a JSON file through stormdb, whose file engine writes in
 * place (`fs.writeFile` on the file itself). A kill -9 during that write leaves a truncated file
 * that the next start cannot parse ("invalid or corrupted format"), and two async writes in
 * flight can interleave. This swaps the engine's write for one that renames a finished temporary
 * file over the old one, in call order, so the file on disk is always a whole earlier state.
 */
import { writeFileAtomic } from '../json-file.ts';
import { requireCognitoLocal } from './internals.ts';

interface FileEngine {
  path: string;
  async: boolean;
  serialize(data: unknown): string;
}

interface FileEngineClass {
  prototype: FileEngine & { write(data: unknown): Promise<void> | null };
}

let installed = false;

export function makeUserPoolWritesAtomic(): void {
  if (installed) return;
  installed = true;
  const engine = (requireCognitoLocal('stormdb') as { localFileEngine: FileEngineClass }).localFileEngine;
  engine.prototype.write = function write(this: FileEngine, data: unknown) {
    // Synchronous on purpose: the files are small, the child serves one developer, and a write
    // finished before the call returns cannot be overtaken by a later one.
    writeFileAtomic(this.path, this.serialize(data));
    return this.async ? Promise.resolve() : null;
  };
}

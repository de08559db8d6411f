import { describe, expect, it } from 'vitest';
import { searchEngineContract } from './contract.ts';
import { embeddedSearchEngine, sharedEmbeddedSearchEngine } from './embedded.ts';

searchEngineContract('embedded', () => embeddedSearchEngine());

describe('sharedEmbeddedSearchEngine', () => {
  it('is one instance per process', () => {
    expect(sharedEmbeddedSearchEngine()).toBe(sharedEmbeddedSearchEngine());
    expect(embeddedSearchEngine()).not.toBe(sharedEmbeddedSearchEngine());
  });
});

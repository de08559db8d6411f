/** The init-time baseline: the smallest possible handler, bundled like every other one. */
export const handler = async (): Promise<Record<string, never>> => ({});

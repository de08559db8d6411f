/** The signed-in user's tokens. `expiresAt`: when the access token expires, epoch milliseconds. */
export interface Session {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  expiresAt: number;
}

/** Where a session is kept between launches: AsyncStorage in the mobile app, memory in tests. */
export interface SessionStorage {
  load(): Promise<Session | null>;
  save(session: Session): Promise<void>;
  clear(): Promise<void>;
}

/** Keeps the session in memory only (tests; a browser tab that must not persist it). */
export function memorySessionStorage(initial: Session | null = null): SessionStorage {
  let stored = initial;
  return {
    load: async () => stored,
    save: async (session) => {
      stored = session;
    },
    clear: async () => {
      stored = null;
    },
  };
}

/** AsyncStorage's (and, synchronously, localStorage's) shape. */
export interface KeyValueStore {
  getItem(key: string): Promise<string | null> | string | null;
  setItem(key: string, value: string): Promise<void> | void;
  removeItem(key: string): Promise<void> | void;
}

/** The session as JSON under one key of a key-value store; what cannot be read back counts as none. */
export function keyValueSessionStorage(store: KeyValueStore, key = 'petpro.session'): SessionStorage {
  return {
    load: async () => parseSession(await store.getItem(key)),
    save: async (session) => {
      await store.setItem(key, JSON.stringify(session));
    },
    clear: async () => {
      await store.removeItem(key);
    },
  };
}

function parseSession(text: string | null): Session | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (typeof value.accessToken !== 'string' || typeof value.expiresAt !== 'number') return null;
    return {
      accessToken: value.accessToken,
      expiresAt: value.expiresAt,
      ...(typeof value.idToken === 'string' ? { idToken: value.idToken } : {}),
      ...(typeof value.refreshToken === 'string' ? { refreshToken: value.refreshToken } : {}),
    };
  } catch {
    return null;
  }
}

export type SessionListener = (session: Session | null) => void;

/**
 * The one session of a client: read from storage once, then kept in memory; listeners hear every
 * change (sign-in, refresh, sign-out). `generation` moves on every clear, so a refresh that was in
 * flight when the user signed out does not bring the session back.
 */
export class SessionHolder {
  readonly #storage: SessionStorage;
  readonly #listeners = new Set<SessionListener>();
  #loaded: Promise<Session | null> | undefined;
  #generation = 0;

  constructor(storage: SessionStorage) {
    this.#storage = storage;
  }

  get generation(): number {
    return this.#generation;
  }

  get(): Promise<Session | null> {
    this.#loaded ??= this.#storage.load().catch(() => null);
    return this.#loaded;
  }

  async set(session: Session): Promise<void> {
    this.#loaded = Promise.resolve(session);
    try {
      await this.#storage.save(session);
    } finally {
      this.#notify(session);
    }
  }

  /** Forgets the session; listeners hear it only if there was one. Returns whether there was. */
  async clear(): Promise<boolean> {
    const before = this.get();
    this.#generation += 1;
    this.#loaded = Promise.resolve(null);
    const had = (await before) !== null;
    try {
      await this.#storage.clear();
    } finally {
      if (had) this.#notify(null);
    }
    return had;
  }

  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(session: Session | null): void {
    for (const listener of this.#listeners) listener(session);
  }
}

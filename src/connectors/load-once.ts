// Loads a driver or library the first time it is needed rather than when the server starts: most
// processes never use most connectors, and importing them all costs every start time and memory.
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/** Wraps a dynamic `import()`: the module loads at the first call; later calls share that load. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}

/**
 * Loads a library's CommonJS build at the first call, for synchronous code that cannot wait on
 * `import()` (archive reading, bundle checks): those run on few requests, not at every start.
 */
export function requireOnce<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(name) as T);
}

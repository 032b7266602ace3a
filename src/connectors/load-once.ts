// Loads a driver or library the first time it is needed rather than when the server starts: most
// processes never use most connectors, and importing them all costs every start time and memory.

/** Wraps a dynamic `import()`: the module loads at the first call; later calls share that load. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}

/**
 * Events for a module that loads on demand: the first event starts the load, the events that come
 * while it loads wait and are handed over in their order once it is there, and the later ones go
 * straight to it. A load that fails drops what waited (a ring from a moment ago must not ring later)
 * and the next event tries again.
 */
export function handOver<E>(load: () => Promise<(event: E) => void>): (event: E) => void {
  let handle: ((event: E) => void) | null = null;
  let loading = false;
  const waiting: E[] = [];
  return (event) => {
    if (handle) return handle(event);
    waiting.push(event);
    if (loading) return;
    loading = true;
    load().then(
      (loaded) => {
        handle = loaded;
        for (const next of waiting.splice(0)) loaded(next);
      },
      () => {
        loading = false;
        waiting.length = 0;
      },
    );
  };
}

/** A typed listener registry; `on` returns the function that removes the listener. */
export class Listeners<Events extends object> {
  private readonly byType = new Map<keyof Events, Set<(value: never) => void>>();

  on<K extends keyof Events>(type: K, listener: (value: Events[K]) => void): () => void {
    let set = this.byType.get(type);
    if (!set) {
      set = new Set();
      this.byType.set(type, set);
    }
    const entry = listener as (value: never) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  emit<K extends keyof Events>(type: K, value: Events[K]): void {
    for (const listener of [...(this.byType.get(type) ?? [])]) {
      // One failing listener must not starve the others nor break the socket's read loop.
      try {
        (listener as (value: Events[K]) => void)(value);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

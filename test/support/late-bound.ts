/**
 * Stands for an object that a hook creates later (a server in beforeAll, a store in beforeEach), so a
 * suite can name it once at the top instead of declaring a variable and assigning it in each hook.
 * Every property is read from the current object, and methods are bound to it.
 */
export function lateBound<T extends object>(current: () => T | undefined, what: string): T {
  const target = (): T => {
    const value = current();
    if (value === undefined) throw new Error(`${what} is made in a hook: use it inside a test or a hook`);
    return value;
  };
  return new Proxy({} as T, {
    get: (_shape, property) => {
      const object = target();
      const value = Reflect.get(object, property);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

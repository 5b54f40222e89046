/** Hostile values for the adversarial tests: what operations throw, at their worst. */
/** A Proxy handler whose every trap throws. */
export const throwingTraps: ProxyHandler<object> = Object.fromEntries(
  [
    'get',
    'has',
    'getPrototypeOf',
    'ownKeys',
    'getOwnPropertyDescriptor',
    'defineProperty',
    'set',
    'isExtensible',
    'preventExtensions',
  ].map((trap) => [
    trap,
    () => {
      throw new Error(`${trap} trap`);
    },
  ]),
);

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

export function cyclic(): Error {
  const a = new Error('a');
  const b = new Error('b', { cause: a });
  Object.assign(a, { cause: b });
  return a;
}

function throwingGetters(): Error {
  const e = new Error('getters');
  for (const key of [
    'stack',
    'name',
    'message',
    'cause',
    'code',
    'status',
    'then',
    'constructor',
  ]) {
    Object.defineProperty(e, key, {
      get() {
        throw new Error(`getter ${key}`);
      },
    });
  }
  return e;
}

/** Thrown values that have broken retry libraries, each made fresh by its function. */
export const hostile: [string, () => unknown][] = [
  ['a string', () => 'plain string'],
  ['null', () => null],
  ['undefined', () => undefined],
  ['a number', () => 42],
  ['NaN', () => Number.NaN],
  ['a bigint', () => 10n],
  ['a symbol', () => Symbol('thrown')],
  ['a function', () => function thrown() {}],
  ['a Proxy whose every trap throws', () => new Proxy({}, throwingTraps)],
  ['a Proxy of an Error whose every trap throws', () => new Proxy(new Error('p'), throwingTraps)],
  ['a revoked Proxy', revoked],
  ['an error with a cyclic cause', cyclic],
  ['an error with throwing getters', throwingGetters],
  ['a frozen error', () => Object.freeze(new Error('frozen'))],
  ['an object with a null prototype', () => Object.create(null)],
];

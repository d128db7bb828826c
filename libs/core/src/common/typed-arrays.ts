type NumericArray = Int8Array | Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** A copy of `array` with room for `length` elements, the new ones set to `fill`. */
export function grown<T extends NumericArray>(array: T, length: number, fill = 0): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  if (fill !== 0) bigger.fill(fill, array.length);
  bigger.set(array);
  return bigger;
}

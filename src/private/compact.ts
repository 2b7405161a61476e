/** Copies an object without its undefined values, so that absent fields stay absent in the YAML. */
export function compact<T extends object>(obj: T): T {
  const out: any = {};
  // for-in over own keys: the order of Object.entries, without an array per call (this runs for every field).
  for (const k in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
    const v = obj[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

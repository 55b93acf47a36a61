// Attachments: the files taken out of an input before it becomes JSON (see splitAttachments).
const isBlob = (v) => typeof Blob === "function" && v instanceof Blob;
const isBytes = (v) => v instanceof Uint8Array || v instanceof ArrayBuffer;
const kind = (v) => (v === null ? "null" : Array.isArray(v) ? "an array" : `a ${typeof v}`);

/**
 * Takes the files out of `input.attachments` (File, Blob, `{ data, name, type? }`): returns
 * `[copy, blobs]`, where `copy.attachments` holds one descriptor per entry for the core's rules
 * (`{ source, name, size, type }`, or `{ source: "invalid", got }`) and `blobs[i]` the bytes of
 * entry `i` as a Blob (null for an invalid entry). Anything without an `attachments` list is
 * returned as it is.
 * @returns {[unknown, Array<Blob | null>]}
 */
export function splitAttachments(input) {
  const list = input !== null && typeof input === "object" ? input.attachments : undefined;
  if (!Array.isArray(list)) return [input, []];
  const blobs = [];
  const described = list.map((a) => {
    if (isBlob(a)) {
      blobs.push(a);
      const name = typeof a.name === "string" ? a.name : null;
      return { source: name === null ? "blob" : "file", name, size: a.size, type: a.type || null };
    }
    if (a !== null && typeof a === "object" && !Array.isArray(a) && "data" in a) {
      const { data, name, type } = a;
      const nameOk = typeof name === "string" ? name : null;
      const typeOk = typeof type === "string" ? type : null;
      if (isBlob(data)) {
        blobs.push(data);
        return { source: "blob", name: nameOk ?? (typeof data.name === "string" ? data.name : null), size: data.size, type: typeOk ?? (data.type || null) };
      }
      if (isBytes(data) && typeof Blob === "function") {
        blobs.push(new Blob([data], typeOk ? { type: typeOk } : {}));
        return { source: "bytes", name: nameOk, size: data.byteLength, type: typeOk };
      }
      blobs.push(null);
      return { source: "invalid", got: `{ data: ${kind(data)} }` };
    }
    blobs.push(null);
    return { source: "invalid", got: isBytes(a) ? "bytes without a name (pass { data, name })" : kind(a) };
  });
  return [{ ...input, attachments: described }, blobs];
}

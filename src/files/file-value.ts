// Owns the value a File variable holds (API.md §6.2): a reference to bytes in the blob store,
// never the bytes themselves.
export interface FileValue {
  name: string;
  id: string;
  /** The blob key; also what `GET /api/File/download` takes as `uploadFilePath`. */
  path: string;
  size: number;
  mimeType: string;
  /** SHA-256 of the bytes, lower-case hex. */
  hash: string;
}

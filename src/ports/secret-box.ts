// The port for secrets at rest: values sealed with the data key of their workspace. A ciphertext
// carries the id of its key and opens only in the workspace it was sealed for.
export interface SecretBox {
  encrypt(workspaceId: string, plaintext: string): Promise<string>;
  /** Throws when the value was altered, sealed for another workspace, or its key is unknown. */
  decrypt(workspaceId: string, ciphertext: string): Promise<string>;
}

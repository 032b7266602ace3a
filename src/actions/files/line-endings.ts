// Owns the Line Ending select of List To File and Object To File.

/** Option value → the line break it writes: Windows (CRLF) 1, Unix (LF) 2, classic Mac (CR) 3. */
export const LINE_ENDINGS = { 1: '\r\n', 2: '\n', 3: '\r' } as const;

export const LINE_ENDING_OPTIONS = [1, 2, 3] as const;

/** Every line break in the text (CRLF, LF or CR) written as `ending`. */
export function withLineEndings(text: string, ending: string): string {
  return text.replace(/\r\n|\r|\n/g, ending);
}

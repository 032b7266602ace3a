// Owns Base64 and UTF-8 as the converters and file actions read them: Base64 in either alphabet
// (standard or URL-safe), whitespace ignored, padding optional but never misplaced; UTF-8 text
// refused when its bytes are not UTF-8, instead of silently turned into replacement characters.

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** The bytes a Base64 text stands for, or null when it is not Base64. */
export function decodeBase64(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) return null;
  if (compact.includes('=') && compact.length % 4 !== 0) return null;
  return Buffer.from(compact, 'base64');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text UTF-8 bytes hold (a leading byte-order mark dropped), or null when they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

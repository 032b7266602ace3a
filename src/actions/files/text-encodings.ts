// Owns the text encodings the file actions offer (the catalogue's Encoding options, as .NET names
// them): UTF-8, UTF-32 and UTF-16 (little-endian, as .NET's UTF32 and Unicode are), big-endian
// UTF-16, ASCII, Latin-1 and the Windows code pages 1250–1258. Reading drops a leading byte-order
// mark of the chosen encoding; writing adds none. Characters an encoding cannot hold are written
// as "?" and bytes that are not valid text read as U+FFFD (or "?" for ASCII), as .NET does.

/** The Encoding select's option values. */
export const ENCODINGS = [
  1, 2, 3, 4, 5, 6, 1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258,
] as const;

export type EncodingOption = (typeof ENCODINGS)[number];

const REPLACEMENT = '\uFFFD';

// Node's TextDecoder reads windows-1252 as Latin-1; these are the code page's own 0x80–0x9F.
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

interface SingleByte {
  chars: string[];
  bytes: Map<string, number>;
}

const singleByteTables = new Map<number, SingleByte>();

function singleByte(codePage: number): SingleByte {
  let table = singleByteTables.get(codePage);
  if (!table) {
    const decoder = new TextDecoder(`windows-${codePage}`);
    const chars = Array.from({ length: 256 }, (_, byte) =>
      codePage === 1252 && byte >= 0x80 && byte <= 0x9f
        ? String.fromCodePoint(WINDOWS_1252_HIGH[byte - 0x80]!)
        : decoder.decode(Uint8Array.of(byte)),
    );
    const bytes = new Map<string, number>();
    chars.forEach((char, byte) => {
      if (char !== REPLACEMENT && !bytes.has(char)) bytes.set(char, byte);
    });
    table = { chars, bytes };
    singleByteTables.set(codePage, table);
  }
  return table;
}

function startsWith(bytes: Uint8Array, mark: number[]): boolean {
  return mark.every((b, i) => bytes[i] === b);
}

function decodeUtf32(bytes: Uint8Array): string {
  const start = startsWith(bytes, [0xff, 0xfe, 0, 0]) ? 4 : 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text = '';
  for (let i = start; i + 4 <= bytes.length; i += 4) {
    const code = view.getUint32(i, true);
    text +=
      code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)
        ? REPLACEMENT
        : String.fromCodePoint(code);
  }
  if ((bytes.length - start) % 4 !== 0) text += REPLACEMENT;
  return text;
}

function encodeUtf32(text: string): Buffer {
  const codes = [...text].map((char) => char.codePointAt(0)!);
  const out = Buffer.alloc(codes.length * 4);
  codes.forEach((code, i) =>
    // A lone surrogate cannot be UTF-32 either.
    out.writeUInt32LE(code >= 0xd800 && code <= 0xdfff ? 0xfffd : code, i * 4),
  );
  return out;
}

/** Text from bytes in the chosen encoding. */
export function decodeText(bytes: Uint8Array, encoding: EncodingOption): string {
  switch (encoding) {
    case 1:
      return new TextDecoder('utf-8').decode(bytes);
    case 2:
      return decodeUtf32(bytes);
    case 3:
      return Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : '?')).join('');
    case 4:
      return new TextDecoder('utf-16le').decode(bytes);
    case 5:
      return new TextDecoder('utf-16be').decode(bytes);
    case 6:
      return Buffer.from(bytes).toString('latin1');
    default: {
      const { chars } = singleByte(encoding);
      return Array.from(bytes, (b) => chars[b]).join('');
    }
  }
}

/** Bytes of the text in the chosen encoding. */
export function encodeText(text: string, encoding: EncodingOption): Buffer {
  switch (encoding) {
    case 1:
      return Buffer.from(text, 'utf8');
    case 2:
      return encodeUtf32(text);
    case 3:
      return Buffer.from(
        Array.from(text, (c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : 0x3f)),
      );
    case 4:
      return Buffer.from(text, 'utf16le');
    case 5:
      return Buffer.from(text, 'utf16le').swap16();
    case 6:
      return Buffer.from(
        [...text].map((c) => (c.codePointAt(0)! <= 0xff ? c.codePointAt(0)! : 0x3f)),
      );
    default: {
      const { bytes } = singleByte(encoding);
      return Buffer.from([...text].map((c) => bytes.get(c) ?? 0x3f));
    }
  }
}

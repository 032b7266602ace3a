// Owns CSV as RFC 4180 writes and reads it: fields separated by one delimiter character, records
// by CRLF; a field holding the delimiter, a double quote or a line break is quoted, its quotes
// doubled. Reading also accepts LF or CR line breaks and a leading byte-order mark.

/** A field's text: text as it is, numbers and booleans as written, objects and lists as JSON. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function quoted(text: string, delimiter: string): string {
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Records (each a list of values) as CSV text, every record ended by CRLF. */
export function writeCsv(records: readonly (readonly unknown[])[], delimiter: string): string {
  return records
    .map(
      (record) =>
        record.map((value) => quoted(cellText(value), delimiter)).join(delimiter) + '\r\n',
    )
    .join('');
}

/** CSV text as records of field texts. Null when a quoted field never closes. */
export function readCsv(text: string, delimiter: string): string[][] | null {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  let quotedField = false;
  let fieldStarted = false;
  const endField = () => {
    record.push(field);
    field = '';
    quotedField = false;
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quotedField) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quotedField = false;
        i += 1;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quotedField = true;
      fieldStarted = true;
      i += 1;
    } else if (ch === delimiter) {
      endField();
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      fieldStarted = true;
      i += 1;
    }
  }
  if (quotedField) return null;
  if (fieldStarted || field !== '' || record.length > 0) endRecord();
  return records;
}

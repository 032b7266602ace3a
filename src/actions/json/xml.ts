// Owns how JSON and XML meet (fast-xml-parser): attributes as "@name" keys and mixed text as
// "#text", as Newtonsoft writes them for PROCESIO, so XML To JSON and JSON To XML round-trip. XML
// with a DOCTYPE is refused before parsing: no entity definitions, hence no external entities (XXE)
// and no entity expansion bombs; only XML's own entities and character references are decoded.
import { createRequire } from 'node:module';
import type * as FastXml from 'fast-xml-parser';
import { isJsonObject } from './json-values.js';

// fast-xml-parser loads with the first XML read or written, not with the server (the webhook
// routes import this module); these functions are synchronous, hence `require`.
let library: typeof FastXml | undefined;
const fastXmlParser = () =>
  (library ??= createRequire(import.meta.url)('fast-xml-parser') as typeof FastXml);

export const ATTRIBUTE_PREFIX = '@';
export const TEXT_KEY = '#text';

/** Why XML text cannot be read, or null when it can. */
export function xmlProblem(text: string): string | null {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text))
    return 'has a DOCTYPE or ENTITY declaration, which is not accepted.';
  const verdict = fastXmlParser().XMLValidator.validate(text);
  if (verdict !== true)
    return `is not well-formed XML: ${verdict.err.msg} (line ${verdict.err.line}).`;
  return null;
}

let parser: FastXml.XMLParser | undefined;
const newParser = () =>
  new (fastXmlParser().XMLParser)({
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    textNodeName: TEXT_KEY,
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: true,
    // Decodes character references (&#65;); DOCTYPE entities never get here (see xmlProblem).
    htmlEntities: true,
  });

/**
 * Checked XML (see {@link xmlProblem}) as JSON: elements as keys, repeated elements as lists.
 * Throws when the parser gives up (elements nested too deep).
 */
export function xmlToJson(text: string): unknown {
  return (parser ??= newParser()).parse(text);
}

let builder: FastXml.XMLBuilder | undefined;
const newBuilder = () =>
  new (fastXmlParser().XMLBuilder)({
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    textNodeName: TEXT_KEY,
    suppressEmptyNode: false,
    processEntities: true,
    format: false,
  });

const XML_NAME = /^[\p{L}_:][\p{L}\p{N}_.:-]*$/u;

// Deeper documents are refused rather than risk the call stack.
const MAX_DEPTH = 256;

/** Where a JSON value cannot be written as XML, or null. */
function jsonProblem(value: unknown, path: string, depth = 0): string | null {
  if (depth > MAX_DEPTH) return `${path} nests deeper than ${MAX_DEPTH} levels.`;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      if (Array.isArray(item))
        return `${path}[${index}] is a list inside a list, which XML cannot hold.`;
      const problem = jsonProblem(item, `${path}[${index}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (!isJsonObject(value)) return null;
  for (const [key, child] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (key === TEXT_KEY || key.startsWith(ATTRIBUTE_PREFIX)) {
      const name = key === TEXT_KEY ? 'x' : key.slice(ATTRIBUTE_PREFIX.length);
      if (!XML_NAME.test(name)) return `"${key}" is not an XML attribute name.`;
      if (typeof child === 'object' && child !== null)
        return `${at} must be text, a number or a boolean.`;
      continue;
    }
    if (!XML_NAME.test(key)) return `"${key}" is not an XML element name.`;
    const problem = jsonProblem(child, at, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/**
 * One XML document from one JSON value: an object with a single element key is that element; any
 * other object, and a lone value, is wrapped in <root>. Throws with the reason when the value
 * cannot be XML.
 */
export function jsonToXml(value: unknown): string {
  const single =
    isJsonObject(value) &&
    Object.keys(value).length === 1 &&
    !Object.keys(value)[0]!.startsWith(ATTRIBUTE_PREFIX) &&
    Object.keys(value)[0] !== TEXT_KEY &&
    !Array.isArray(Object.values(value)[0]);
  const document = single ? value : { root: isJsonObject(value) ? value : { [TEXT_KEY]: value } };
  const problem = jsonProblem(value, '');
  if (problem) throw new Error(problem);
  return (builder ??= newBuilder()).build(document) as string;
}

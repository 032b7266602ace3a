import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { JSON_TO_XML_IDS as IDS, jsonToXmlAction } from './json-to-xml.action.js';
import { XML_TO_JSON_IDS, xmlToJsonAction } from './xml-to-json.action.js';

const convert = (json: unknown) => runAction(jsonToXmlAction, { [IDS.Json]: json });

describe('JSON To XML', () => {
  it('is pure, under PROCESIO template fad6427e-47c9-6642-9d2c-e7e191537eab', () => {
    expect(jsonToXmlAction.effectful).toBe(false);
    expect(jsonToXmlAction.template.id).toBe('fad6427e-47c9-6642-9d2c-e7e191537eab');
  });

  it('writes an object with one key as that element, escaping text and attributes', async () => {
    const result = await convert({
      order: { '@id': '7 & "8"', item: ['a<b', 'c'], paid: true, note: null, '#text': 'tail' },
    });
    expect(result).toEqual({
      [IDS.Xml]:
        '<order id="7 &amp; &quot;8&quot;"><item>a&lt;b</item><item>c</item><paid>true</paid><note/>tail</order>',
    });
  });

  it('wraps other objects in <root> and writes a list as one document per item', async () => {
    expect((await convert('{"a": 1, "b": 2}'))[IDS.Xml]).toBe('<root><a>1</a><b>2</b></root>');
    expect(await convert([{ x: 1 }, { y: { z: 'w' } }])).toEqual({
      [IDS.XmlList]: ['<x>1</x>', '<y><z>w</z></y>'],
    });
  });

  it('round-trips with XML To JSON', async () => {
    const json = { book: { '@isbn': '123', title: 'Dune', author: ['A', 'B'] } };
    const xml = (await convert(json))[IDS.Xml];
    const back = await runAction(xmlToJsonAction, { [XML_TO_JSON_IDS.Xml]: xml });
    expect(back[XML_TO_JSON_IDS.Json]).toEqual(json);
  });

  it('refuses names XML cannot hold and lists inside lists', async () => {
    expect(await failureOf(jsonToXmlAction, { [IDS.Json]: { 'bad name': 1 } })).toMatchObject({
      type: 'validation',
      message: '"JSON" cannot be written as XML: "bad name" is not an XML element name.',
    });
    expect(await failureOf(jsonToXmlAction, { [IDS.Json]: [{ a: [[1]] }] })).toMatchObject({
      message:
        '"JSON" cannot be written as XML (item 1): a[0] is a list inside a list, which XML cannot hold.',
    });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 300; i++) deep = { level: deep };
    expect((await failureOf(jsonToXmlAction, { [IDS.Json]: deep })).message).toMatch(
      /nests deeper than 256 levels/,
    );
    expect(await failureOf(jsonToXmlAction, { [IDS.Json]: '{not json' })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Json },
    });
  });
});

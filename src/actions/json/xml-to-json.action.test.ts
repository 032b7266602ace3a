import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { XML_TO_JSON_IDS as IDS, xmlToJsonAction } from './xml-to-json.action.js';

const convert = async (xml: string) =>
  (await runAction(xmlToJsonAction, { [IDS.Xml]: xml }))[IDS.Json];

describe('XML To JSON', () => {
  it('is pure, under PROCESIO template dfb02793-e665-c740-886b-43b2ce3a4b52', () => {
    expect(xmlToJsonAction.effectful).toBe(false);
    expect(xmlToJsonAction.template.id).toBe('dfb02793-e665-c740-886b-43b2ce3a4b52');
  });

  it('writes elements as keys, repeats as lists, attributes as @name and text as #text', async () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8"?><order id="7"><item>a &amp; b</item><item>&#67;</item>' +
      '<note lang="en">hi</note><empty/><![CDATA[<raw>]]></order>';
    expect(await convert(xml)).toEqual({
      order: {
        '@id': '7',
        item: ['a & b', 'C'],
        note: { '@lang': 'en', '#text': 'hi' },
        empty: '',
        '#text': '<raw>',
      },
    });
  });

  it('refuses a DOCTYPE, so no entity can be defined, expanded or fetched', async () => {
    const attacks = [
      '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
      '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>',
      '<!doctype r><r/>',
    ];
    for (const xml of attacks)
      expect(await failureOf(xmlToJsonAction, { [IDS.Xml]: xml }), xml).toMatchObject({
        type: 'validation',
        message: '"XML" has a DOCTYPE or ENTITY declaration, which is not accepted.',
      });
  });

  it('refuses XML that is not well-formed or has several roots', async () => {
    const broken = await failureOf(xmlToJsonAction, { [IDS.Xml]: '<a><b></a>' });
    expect(broken.message).toMatch(/^"XML" is not well-formed XML: .*\(line 1\)\.$/);
    expect(await failureOf(xmlToJsonAction, { [IDS.Xml]: '<a/><b/>' })).toMatchObject({
      message: '"XML" must have exactly one root element.',
    });
    expect(await failureOf(xmlToJsonAction, { [IDS.Xml]: '<a/><a/>' })).toMatchObject({
      message: '"XML" must have exactly one root element.',
    });
    const deep = '<a>'.repeat(50_000) + '</a>'.repeat(50_000);
    expect(await failureOf(xmlToJsonAction, { [IDS.Xml]: deep })).toMatchObject({
      type: 'validation',
      details: { settingId: IDS.Xml },
    });
  });
});

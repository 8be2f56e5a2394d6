/** Small helpers to build IPP attributes and to read them back out of a decoded message. */
import type { IppAttribute, IppGroup, IppMessage, IppValue, StringTag } from './codec';
import { GroupTag, ValueTag } from './constants';

const str = (tag: StringTag) => (name: string, ...values: string[]): IppAttribute => ({
  name,
  values: values.map((value) => ({ type: 'string', tag, value })),
});

/** Attribute constructors, one per IPP syntax the kiosk sends. */
export const attr = {
  charset: str(ValueTag.charset),
  language: str(ValueTag.naturalLanguage),
  uri: str(ValueTag.uri),
  name: str(ValueTag.nameWithoutLanguage),
  text: str(ValueTag.textWithoutLanguage),
  keyword: str(ValueTag.keyword),
  mime: str(ValueTag.mimeMediaType),
  integer: (name: string, ...values: number[]): IppAttribute => ({ name, values: values.map((value) => ({ type: 'integer', value })) }),
  enumeration: (name: string, ...values: number[]): IppAttribute => ({ name, values: values.map((value) => ({ type: 'enum', value })) }),
  boolean: (name: string, value: boolean): IppAttribute => ({ name, values: [{ type: 'boolean', value }] }),
  date: (name: string, value: Date): IppAttribute => ({ name, values: [{ type: 'dateTime', value }] }),
};

/** The two operation attributes every request and response starts with (RFC 8011 §4.1.4). */
export const charsetAndLanguage = (language = 'en'): IppAttribute[] => [
  attr.charset('attributes-charset', 'utf-8'),
  attr.language('attributes-natural-language', language),
];

/** Every group with `tag`, in order (Get-Jobs answers one job group per job). */
export const groupsOf = (message: IppMessage, tag: GroupTag): IppGroup[] => message.groups.filter((g) => g.tag === tag);

/** The first attribute called `name` in the first group with `tag`. */
export function find(message: IppMessage, tag: GroupTag, name: string): IppAttribute | undefined {
  for (const group of groupsOf(message, tag)) {
    const found = group.attributes.find((a) => a.name === name);
    if (found) return found;
  }
  return undefined;
}

export const inGroup = (group: IppGroup, name: string): IppAttribute | undefined => group.attributes.find((a) => a.name === name);

/** The value as text when it has a text form (strings, names, keywords, withLanguage). */
export function textOf(value: IppValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.type === 'string' || value.type === 'withLanguage') return value.value;
  return undefined;
}

/** The value as a number when it is an integer or enum. */
export function numberOf(value: IppValue | undefined): number | undefined {
  if (!value) return undefined;
  return value.type === 'integer' || value.type === 'enum' ? value.value : undefined;
}

export const texts = (attribute: IppAttribute | undefined): string[] =>
  (attribute?.values ?? []).map(textOf).filter((v): v is string => v !== undefined);

export const firstNumber = (attribute: IppAttribute | undefined): number | undefined => numberOf(attribute?.values[0]);
export const firstText = (attribute: IppAttribute | undefined): string | undefined => textOf(attribute?.values[0]);

export { GroupTag };

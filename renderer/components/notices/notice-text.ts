/**
 * A notice's words in the kiosk's language: English when the police published it, Chinese
 * otherwise (marked with its own language so a screen reader and the voice read it as Chinese). Pure.
 */
import type { Locale } from '../../../contract/api';
import type { NoticeText } from '../../../contract/notices';

export interface ShownText {
  text: string;
  /** The language the text is in (may differ from the kiosk's). */
  lang: Locale;
}

export function noticeText(text: NoticeText, locale: Locale): ShownText {
  if (locale === 'en' && text.en) return { text: text.en, lang: 'en' };
  return { text: text['zh-CN'], lang: 'zh-CN' };
}

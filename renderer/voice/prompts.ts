/**
 * The catalogue of fixed voice prompts: texts that never carry personal data, so the core may
 * render them ahead of time and keep the audio on disk. The texts themselves stay in the message
 * files; a prompt is any message whose key ends in `voice` / `…Voice`, plus the subtrees listed in
 * EXTRA_PROMPTS (spoken as they are shown). Messages with placeholders ({fee}) are not fixed.
 */
import type { Locale } from '../../contract/api';
import { LOCALES, MESSAGES } from '../i18n';

/** Spoken messages whose keys do not end in `voice`. */
const EXTRA_PROMPTS: readonly string[] = ['flow.ui.camera.prompt', 'flow.identityProblems', 'flow.face.noMatch', 'flow.face.badImage'];

export interface VoicePrompt {
  key: string;
  locale: Locale;
  text: string;
}

const isVoiceKey = (key: string) => /(^|\.)voice$|Voice$/.test(key) || EXTRA_PROMPTS.some((prefix) => key === prefix || key.startsWith(`${prefix}.`));

function leaves(node: unknown, path: string, out: [string, string][]): void {
  if (typeof node === 'string') out.push([path, node]);
  else if (node && typeof node === 'object') for (const [name, child] of Object.entries(node)) leaves(child, path ? `${path}.${name}` : name, out);
}

/** Every fixed prompt in every locale. */
export function voicePromptCatalogue(messages: Record<Locale, unknown> = MESSAGES): VoicePrompt[] {
  const prompts: VoicePrompt[] = [];
  for (const locale of LOCALES) {
    const all: [string, string][] = [];
    leaves(messages[locale], '', all);
    for (const [key, text] of all) if (isVoiceKey(key) && !/[{}@|]/.test(text)) prompts.push({ key, locale, text });
  }
  return prompts;
}

/** Whether `key` is a fixed prompt (its audio may be kept on disk). */
export function isVoicePromptKey(key: string): boolean {
  return isVoiceKey(key);
}

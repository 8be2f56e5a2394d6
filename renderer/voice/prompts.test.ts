import { describe, expect, it } from 'vitest';
import { isVoicePromptKey, voicePromptCatalogue } from './prompts';

describe('voice prompt catalogue', () => {
  const prompts = voicePromptCatalogue();

  it('lists every screen prompt in both languages', () => {
    expect(prompts).toContainEqual({ key: 'home.voice', locale: 'zh-CN', text: '请选择您要办理的业务' });
    expect(prompts).toContainEqual({ key: 'home.voice', locale: 'en', text: 'Please choose a service' });
    expect(prompts.some((prompt) => prompt.key === 'flow.face.checkingVoice')).toBe(true);
    expect(prompts.some((prompt) => prompt.key.startsWith('flow.ui.camera.prompt.'))).toBe(true);
  });

  it('leaves out texts with placeholders (they are not fixed) and ordinary labels', () => {
    expect(prompts.some((prompt) => prompt.key === 'tempId.notice.voice')).toBe(false); // has {fee}
    expect(prompts.some((prompt) => prompt.key === 'home.heading')).toBe(false);
    expect(isVoicePromptKey('status.voiceOn')).toBe(false);
    expect(isVoicePromptKey('tempId.done.voice')).toBe(true);
  });
});

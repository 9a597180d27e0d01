import emojiData from './lexicons/emoji.json' with { type: 'json' };

/** Emoji valences in [-1, 1] (lexicons/emoji.json), keyed without variation selectors. */
const EMOJI = new Map(Object.entries(emojiData.emoji).map(([e, v]) => [e.replace(/\uFE0F/g, ''), v]));
const SKIN_TONE = /[\u{1F3FB}-\u{1F3FF}]/gu;

/** An emoji's valence; ZWJ sequences and skin tones fall back to their first emoji ("🤦‍♀️" → "🤦"). */
export function emojiValence(emoji: string): number | undefined {
  const exact = EMOJI.get(emoji);
  if (exact !== undefined) return exact;
  const base = emoji.replace(SKIN_TONE, '').split('\u200D')[0] ?? '';
  return EMOJI.get(base);
}

/**
 * Western and Japanese emoticons read by their mouth: ":)", ":-D", ";p", "<3", "^^" are positive;
 * ":(", ":'(", ":/", "D:", "</3" negative.
 */
export function emoticonValence(emoticon: string): number {
  if (emoticon.startsWith('</')) return -0.6;
  if (emoticon.startsWith('<3') || emoticon.startsWith('^')) return 0.6;
  if (/^[xX]D/.test(emoticon)) return 0.5;
  if (emoticon === 'D:') return -0.5;
  if (/^[)(]/.test(emoticon)) return emoticon.startsWith(')') ? -0.5 : 0.5; // mirrored: "(:" / "):"
  const mouth = emoticon.replace(/^[<>]?[:;=][-'^o]?/, '');
  const tears = emoticon.includes("'");
  if (/^[)\]dDpP*3]/.test(mouth)) return tears ? 0.4 : 0.5 + Math.min(0.2, 0.1 * (mouth.length - 1));
  if (/^[([]/.test(mouth)) return tears ? -0.7 : -0.5 - Math.min(0.2, 0.1 * (mouth.length - 1));
  return -0.3; // ":/", ":\", ":|"
}

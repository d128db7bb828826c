/**
 * Text normalisation shared by the text encoders: Unicode-aware tokens (letters and digits of any
 * script), lower-cased without locale rules, stop-words of English and Russian removed, and a light
 * suffix-trimming stemmer for both languages so "running"/"runs" or "погода"/"погоду" meet.
 */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then of to in on at by for with from as is are was were be been being it its this that these those ' +
    'i me my we our you your he him his she her they them their what which who whom do does did so than too very can will just ' +
    'there here about into over under again also would should could has have had am s t ' +
    'и в во на с со к ко по о об от до за из у же ли бы что это как так а но да то ты вы мы он она оно они я мне меня ' +
    'его ее её их им нам вам был была было были быть есть для при про над под без или если уже еще ещё вот там тут'
  ).split(' '),
);

export const NEGATIONS: ReadonlySet<string> = new Set(['not', 'no', 'never', 'nothing', 'none', 'nor', 'cannot', 'не', 'нет', 'ни', 'никогда', 'ничего']);

const EN_SUFFIXES = ['ingly', 'edly', 'ing', 'ed', 'ly', 'es', 's'];
const RU_SUFFIXES = ['ями', 'ами', 'ого', 'его', 'ому', 'ему', 'ыми', 'ими', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ый', 'ий', 'ой', 'ом', 'ем', 'ов', 'ев', 'ах', 'ях', 'ую', 'юю', 'а', 'я', 'о', 'е', 'ы', 'и', 'у', 'ю', 'ь', 'й'];
const CYRILLIC = /[\u0400-\u04ff]/;

/** Raw lower-case words, in order (negations and stop-words kept). */
export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((w) => w.replace('’', "'"));
}

export function isNegation(word: string): boolean {
  return NEGATIONS.has(word) || word.endsWith("n't");
}

export function stem(word: string): string {
  const suffixes = CYRILLIC.test(word) ? RU_SUFFIXES : EN_SUFFIXES;
  for (const suffix of suffixes) {
    if (word.length - suffix.length >= 3 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Content stems: words without stop-words, stemmed. */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((w) => !STOP_WORDS.has(w) && !isNegation(w))
    .map(stem);
}

/**
 * A compact English + Russian sentiment lexicon: `word polarity emotion`, polarity in [−1, 1],
 * emotion one of joy, sadness, anger, fear, surprise or "-" for none. Entries are matched by stem,
 * so inflected forms ("loved", "любимая") find their root.
 */
const ENTRIES = `
good .6 joy|great .8 joy|excellent .9 joy|amazing .8 surprise|awesome .8 joy|wonderful .8 joy|fantastic .8 joy|love .8 joy
like .4 joy|happy .8 joy|glad .6 joy|pleased .5 joy|delight .8 joy|enjoy .6 joy|nice .5 joy|beautiful .7 joy|lovely .7 joy
perfect .8 joy|best .8 joy|brilliant .8 joy|fun .6 joy|cheerful .6 joy|excited .6 joy|thank .5 joy|thanks .5 joy|calm .3 -
fine .3 -|ok .2 -|okay .2 -|helpful .5 -|useful .4 -|fast .3 -|easy .4 -|success .6 joy|win .6 joy|hope .4 joy
proud .6 joy|relieved .5 joy|safe .4 -|interesting .4 surprise|surprised .1 surprise|unexpected 0 surprise|wow .3 surprise|shocked -.3 surprise
bad -.6 sadness|terrible -.9 anger|awful -.8 anger|horrible -.9 fear|hate -.9 anger|dislike -.5 anger|sad -.7 sadness|unhappy -.7 sadness
angry -.8 anger|furious -.9 anger|annoyed -.5 anger|mad -.6 anger|upset -.6 sadness|disappointed -.6 sadness|depressed -.8 sadness|lonely -.6 sadness
afraid -.7 fear|scared -.7 fear|fear -.7 fear|worried -.6 fear|anxious -.6 fear|nervous -.5 fear|panic -.8 fear|danger -.6 fear
broken -.6 sadness|fail -.7 sadness|failure -.7 sadness|error -.5 -|problem -.5 -|slow -.4 anger|crash -.7 fear|bug -.4 -
wrong -.5 -|poor -.5 sadness|worst -.9 anger|ugly -.6 -|boring -.4 sadness|stupid -.7 anger|useless -.7 anger|pain -.7 sadness
cry -.6 sadness|tired -.4 sadness|sick -.5 sadness|lost -.5 sadness|miss -.4 sadness|sorry -.3 sadness|disaster -.9 fear|outage -.7 fear
хороший .6 joy|хорошо .6 joy|отличный .8 joy|отлично .8 joy|прекрасный .8 joy|прекрасно .8 joy|замечательный .8 joy|чудесный .8 joy
люблю .8 joy|любить .8 joy|нравится .5 joy|рад .7 joy|радость .8 joy|счастье .9 joy|счастливый .8 joy|весёлый .6 joy|веселый .6 joy
красивый .7 joy|лучший .8 joy|спасибо .5 joy|благодарю .5 joy|удобный .4 -|быстрый .3 -|легко .4 -|успех .6 joy|победа .6 joy
надежда .4 joy|гордый .6 joy|спокойный .3 -|интересный .4 surprise|неожиданно 0 surprise|удивлён .1 surprise|удивлен .1 surprise|шок -.3 surprise
плохой -.6 sadness|плохо -.6 sadness|ужасный -.9 anger|ужасно -.9 anger|кошмар -.8 fear|ненавижу -.9 anger|ненависть -.9 anger|грустный -.7 sadness
грустно -.7 sadness|печаль -.7 sadness|злой -.8 anger|злость -.8 anger|бешенство -.9 anger|раздражает -.5 anger|обидно -.6 sadness|разочарован -.6 sadness
одинокий -.6 sadness|страх -.7 fear|страшно -.7 fear|боюсь -.7 fear|тревога -.6 fear|волнуюсь -.5 fear|паника -.8 fear|опасность -.6 fear
сломан -.6 sadness|сломался -.6 sadness|ошибка -.5 -|проблема -.5 -|медленный -.4 anger|медленно -.4 anger|сбой -.7 fear|авария -.9 fear
худший -.9 anger|скучный -.4 sadness|глупый -.7 anger|бесполезный -.7 anger|боль -.7 sadness|устал -.4 sadness|больной -.5 sadness|жаль -.3 sadness
`;

export type Emotion = 'joy' | 'sadness' | 'anger' | 'fear' | 'surprise';

export interface LexiconEntry {
  polarity: number;
  emotion: Emotion | null;
}

export function parseLexicon(stemOf: (word: string) => string): Map<string, LexiconEntry> {
  const lexicon = new Map<string, LexiconEntry>();
  for (const item of ENTRIES.split(/[|\n]/)) {
    const [word, polarity, emotion] = item.trim().split(/\s+/);
    if (!word) continue;
    lexicon.set(stemOf(word), { polarity: Number(polarity), emotion: emotion === '-' ? null : (emotion as Emotion) });
  }
  return lexicon;
}

export const INTENSIFIERS: ReadonlySet<string> = new Set(['very', 'really', 'extremely', 'so', 'too', 'absolutely', 'totally', 'очень', 'крайне', 'совсем', 'слишком', 'абсолютно', 'так']);

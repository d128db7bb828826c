/**
 * Paraphrase groups (English and Russian) and unrelated sentences: the yardstick of the text-hash
 * encoder. Paraphrases share their content words in other orders and forms, as people rephrase.
 */
export const PARAPHRASE_GROUPS: string[][] = [
  ['The weather is lovely today', 'Today the weather is really lovely', 'Lovely weather today'],
  ['The server is running out of memory', 'Memory on the server is running out', 'Server memory running out'],
  ['I would like to order a large pizza', 'Order me a large pizza please', 'A large pizza order'],
  ['The train to London is delayed', 'Delayed train to London', 'London train delayed again'],
  ['Please reset my account password', 'Reset the password of my account', 'Account password reset please'],
  ['The cat is sleeping on the sofa', 'On the sofa the cat is sleeping', 'Cat sleeping on sofa'],
  ['Stock prices fell sharply this morning', 'This morning stock prices fell sharply', 'Sharply falling stock prices this morning'],
  ['Погода сегодня прекрасная', 'Сегодня прекрасная погода', 'Прекрасная погода сегодня утром'],
  ['На сервере заканчивается память', 'Память на сервере заканчивается', 'Заканчивается память сервера'],
  ['Я хочу заказать большую пиццу', 'Закажи большую пиццу', 'Заказать большую пиццу'],
  ['Поезд в Москву задерживается', 'Задерживается поезд в Москву', 'Поезд до Москвы задерживается'],
  ['Кот спит на диване', 'На диване спит кот', 'Кот спит на мягком диване'],
];

export const UNRELATED_SENTENCES: string[] = [
  'Quantum computers use qubits',
  'She plays the violin beautifully',
  'The river flooded the village',
  'Bake the bread for forty minutes',
  'Футбольный матч закончился вничью',
  'Учёные открыли новую планету',
  'Библиотека открыта до восьми вечера',
  'He repaired the old bicycle',
];

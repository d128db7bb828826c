/**
 * `npm start` until the API service exists: a live session with the real engine. Sentences are
 * encoded by the text-hash encoder and learned; for each one we print what the engine decided.
 * Further lines are read from standard input, so you can type your own.
 */
import { createInterface } from 'node:readline';
import { Engine, type EmitResult, NeuroGraphError } from '@neurograph/core';

const opening = [
  'The weather is lovely today',
  'What a lovely day, the weather is great',
  'Погода сегодня прекрасная',
  'Сегодня прекрасная погода',
  'The server is running out of memory',
  'Memory on the server is almost exhausted',
  'I would like to order a pizza',
];

const engine = new Engine();
const texts = new Map<number, string>();

function show(text: string, result: EmitResult): void {
  if (result.created) texts.set(result.tokenId, text);
  const nearest = result.neighbors
    .filter((n) => n.tokenId !== result.tokenId)
    .slice(0, 2)
    .map((n) => `"${texts.get(n.tokenId) ?? `token ${n.tokenId}`}" (${n.similarity.toFixed(2)})`)
    .join(', ');
  const verdict = result.created ? `new token ${result.tokenId}` : `activated token ${result.tokenId}`;
  console.log(
    `${result.isNovel ? 'novel ' : 'known '} anomaly ${result.anomalyScore.toFixed(2)}  ${verdict}  "${text}"` +
      (nearest ? `\n       nearest: ${nearest}` : ''),
  );
}

function learn(text: string): void {
  try {
    show(text, engine.emit({ sensorId: 'text.chat', payload: text, sequenceId: 'demo' }));
  } catch (error) {
    if (!(error instanceof NeuroGraphError)) throw error;
    console.log(`refused: ${error.message}`);
  }
}

console.log('NeuroGraph engine demo: learning from text. Type a sentence and press Enter (Ctrl-D to quit).\n');
opening.forEach(learn);
const space = engine.space('default');
console.log(`\n${space.size} tokens, ${space.graph.edgeCount} edges. Your turn:`);
const input = createInterface({ input: process.stdin, terminal: false });
input.on('line', (line) => {
  if (line.trim()) learn(line.trim());
});

import type { JsonSchema, ModuleDescriptor } from '@neurograph/modules';

/** The engine's modules (spec 01-core.md §7): ids, texts and config schemas in one place. */
export const ENGINE_MODULE_IDS = ['token_manager', 'connection_manager', 'grid', 'intuition_engine', 'signal_system', 'gateway', 'action_controller', 'guardian', 'cdna', 'bootstrap'] as const;
export type EngineModuleId = (typeof ENGINE_MODULE_IDS)[number];

const VERSION = '0.1.0';

/** A module config: an object of exactly these settings. */
const settings = (properties: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', additionalProperties: false, properties });

const base = (id: EngineModuleId, name: string, en: string, ru: string): Omit<ModuleDescriptor, 'canDisable' | 'configurable' | 'configSchema' | 'dependsOn'> => ({
  id,
  name,
  version: VERSION,
  description: { en, ru },
});

export const ENGINE_MODULES: readonly ModuleDescriptor[] = [
  {
    ...base('token_manager', 'Token manager', 'Tokens of every space and their storage.', 'Токены всех пространств и их хранение.'),
    canDisable: false,
    configurable: false,
    configSchema: { type: 'object', additionalProperties: false },
    dependsOn: [],
  },
  {
    ...base('connection_manager', 'Connection manager', 'Edges between tokens: strengthening and decay.', 'Связи между токенами: усиление и затухание.'),
    canDisable: false,
    configurable: true,
    configSchema: settings({
      learningRate: { type: 'number', minimum: 0, maximum: 1, default: 0.1, description: 'η of w ← w + η(1−w)' },
      decayHalfLifeMs: { type: 'number', exclusiveMinimum: 0, default: 604800000, description: 'Half-life of edge weights' },
    }),
    dependsOn: ['token_manager'],
  },
  {
    ...base('grid', 'Grid', 'The exact 8-D index: neighbours, radius and range queries.', 'Точный 8-мерный индекс: соседи, радиус и диапазоны.'),
    canDisable: false,
    configurable: true,
    configSchema: settings({
      maxNeighbors: { type: 'integer', minimum: 1, maximum: 1000, default: 10, description: 'k of the neighbour search per signal' },
      neighborRadius: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.25, description: 'Neighbours are searched within this distance' },
    }),
    dependsOn: ['token_manager'],
  },
  {
    ...base('intuition_engine', 'Intuition engine', 'Sequence patterns and next-token prediction.', 'Шаблоны последовательностей и предсказание следующего токена.'),
    canDisable: true,
    configurable: true,
    configSchema: settings({ emitPatternEvents: { type: 'boolean', default: true, description: 'Publish signal.activation.pattern_match' } }),
    dependsOn: ['signal_system'],
  },
  {
    ...base('signal_system', 'Signal system', 'Event types, filters, subscriptions and delivery.', 'Типы событий, фильтры, подписки и доставка.'),
    canDisable: true,
    configurable: true,
    disableWarning: { en: 'Stops all processing: signals are validated but neither learned nor delivered.', ru: 'Останавливает всю обработку: сигналы проверяются, но не обучают и не доставляются.' },
    configSchema: settings({ defaultQueueSize: { type: 'integer', minimum: 1, maximum: 1000000, default: 1024, description: 'Queue of new subscriptions that name none' } }),
    dependsOn: ['token_manager'],
  },
  {
    ...base('gateway', 'Gateway', 'Sensors and encoders: every input enters here.', 'Сенсоры и кодировщики: через них входит каждый сигнал.'),
    canDisable: true,
    configurable: true,
    disableWarning: { en: 'Blocks all input: every signal is refused until it is enabled again.', ru: 'Блокирует весь ввод: каждый сигнал отклоняется, пока модуль не включён.' },
    configSchema: settings({ defaultSpace: { type: 'string', pattern: '^[a-z0-9_-]{1,64}$', default: 'default', description: 'Space of signals that name none' } }),
    dependsOn: [],
  },
  {
    ...base('action_controller', 'Action controller', 'Rules and executors: what the engine does when a signal matches.', 'Правила и исполнители: что делает движок, когда сигнал подходит.'),
    canDisable: true,
    configurable: true,
    configSchema: settings({
      hotBudgetMs: { type: 'number', exclusiveMinimum: 0, maximum: 1000, default: 5, description: 'Time budget of the hot actions of one signal' },
      coldQueueSize: { type: 'integer', minimum: 1, maximum: 1000000, default: 1000, description: 'Cold actions waiting at most' },
      coldTimeoutMs: { type: 'integer', minimum: 1, maximum: 600000, default: 10000, description: 'Time limit of one background action' },
      webhook: {
        type: 'object',
        additionalProperties: false,
        default: { allowHosts: [], timeoutMs: 5000, retries: 2, backoffMs: 200 },
        properties: {
          allowHosts: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 253 }, maxItems: 100, default: [], description: 'Hosts webhooks may call; empty turns webhooks off' },
          timeoutMs: { type: 'integer', minimum: 100, maximum: 60000, default: 5000 },
          retries: { type: 'integer', minimum: 0, maximum: 10, default: 2 },
          backoffMs: { type: 'integer', minimum: 0, maximum: 60000, default: 200 },
        },
      },
    }),
    dependsOn: ['signal_system'],
  },
  {
    ...base('guardian', 'Guardian', 'Validation and quotas under the constitution.', 'Проверки и квоты по конституции.'),
    canDisable: false,
    configurable: true,
    configSchema: settings({ principalRateShare: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 1, description: 'Share of a space rate one principal may use' } }),
    dependsOn: ['cdna'],
  },
  {
    ...base('cdna', 'Constitution', 'The constitution: scales, thresholds, plasticity and quotas, versioned.', 'Конституция: масштабы, пороги, пластичность и квоты, с версиями.'),
    canDisable: false,
    configurable: true,
    configSchema: settings({ historyLimit: { type: 'integer', minimum: 10, maximum: 100000, default: 1000, description: 'Versions kept in history' } }),
    dependsOn: [],
  },
  {
    ...base('bootstrap', 'Bootstrap', 'Seeds a space from word embeddings (GloVe) so text is placed by meaning.', 'Засевает пространство из векторов слов (GloVe), чтобы текст размещался по смыслу.'),
    canDisable: true,
    configurable: true,
    configSchema: settings({
      maxWords: { type: 'integer', minimum: 8, maximum: 1000000, default: 50000, description: 'Words read from an embedding file at most' },
      persistent: { type: 'boolean', default: false, description: 'Protect seeded word tokens from eviction' },
    }),
    dependsOn: ['token_manager'],
  },
];

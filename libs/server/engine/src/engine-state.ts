import { type CdnaHistoryEntry, Constitution, type Engine, type Rule, type SensorConfig } from '@neurograph/core';
import type { RegistrySnapshot } from '@neurograph/modules';
import type { DataSource } from 'typeorm';

/** A deleted rule is remembered as a tombstone, so a built-in default does not come back at restart. */
const DELETED = { deleted: true };

/**
 * The operator-made state of the engine (module flags and configs, CDNA versions, sensors, rules):
 * written when it changes, read back before the engine serves.
 */
export class EngineState {
  constructor(private readonly dataSource: DataSource) {}

  /** The stored constitution with its history, or undefined before the first change. */
  async loadConstitution(now?: () => number): Promise<Constitution | undefined> {
    const rows: { entry: CdnaHistoryEntry }[] = await this.dataSource.query('select entry from cdna_versions order by version');
    if (rows.length === 0) return undefined;
    const history = rows.map((r) => r.entry);
    return Constitution.import({ format: 'neurograph.cdna/1', current: history[history.length - 1].after, history }, { now });
  }

  async saveCdnaHistory(entries: readonly CdnaHistoryEntry[]): Promise<void> {
    for (const entry of entries) {
      await this.dataSource.query(
        `insert into cdna_versions (version, entry, reason, author, created_at) values ($1, $2, $3, $4, $5) on conflict (version) do nothing`,
        [entry.version, JSON.stringify(entry), entry.reason ?? '', entry.author, entry.at],
      );
    }
  }

  async saveModule(id: string, enabled: boolean, config: Record<string, unknown>): Promise<void> {
    await this.dataSource.query(
      `insert into module_state (id, enabled, config, updated_at) values ($1, $2, $3, now())
       on conflict (id) do update set enabled = excluded.enabled, config = excluded.config, updated_at = now()`,
      [id, enabled, JSON.stringify(config)],
    );
  }

  async saveSensor(sensor: SensorConfig): Promise<void> {
    await this.upsertDefinition('sensors', sensor.sensorId, sensor);
  }

  async deleteSensor(id: string): Promise<void> {
    await this.dataSource.query('delete from sensors where id = $1', [id]);
  }

  async saveRule(rule: Rule): Promise<void> {
    await this.upsertDefinition('rules', rule.id, rule);
  }

  async deleteRule(id: string): Promise<void> {
    await this.upsertDefinition('rules', id, DELETED);
  }

  /** Applies everything stored to a new engine; rows the engine now refuses are reported, not fatal. */
  async restoreInto(engine: Engine): Promise<string[]> {
    const problems: string[] = [];
    const modules: RegistrySnapshot['modules'] = await this.dataSource.query('select id, enabled, config from module_state');
    const restored = await engine.modules.restore({ modules });
    for (const s of restored.skipped) problems.push(`module ${s.id}: ${s.reason}`);

    const sensors: { id: string; definition: SensorConfig }[] = await this.dataSource.query('select id, definition from sensors');
    for (const { id, definition } of sensors) {
      const { sensorId: _id, ...patch } = definition;
      try {
        if (engine.gateway.sensors.get(id)) engine.gateway.sensors.update(id, patch);
        else engine.gateway.sensors.register(definition);
      } catch (error) {
        problems.push(`sensor ${id}: ${(error as Error).message}`);
      }
    }

    const rules: { id: string; definition: Rule | typeof DELETED }[] = await this.dataSource.query('select id, definition from rules');
    for (const { id, definition } of rules) {
      try {
        if ('deleted' in definition) engine.actions.removeRule(id);
        else engine.actions.upsertRule(definition);
      } catch (error) {
        problems.push(`rule ${id}: ${(error as Error).message}`);
      }
    }
    return problems;
  }

  private async upsertDefinition(table: 'sensors' | 'rules', id: string, definition: object): Promise<void> {
    await this.dataSource.query(
      `insert into ${table} (id, definition, updated_at) values ($1, $2, now()) on conflict (id) do update set definition = excluded.definition, updated_at = now()`,
      [id, JSON.stringify(definition)],
    );
  }
}

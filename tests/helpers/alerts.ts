/**
 * @module tests/helpers/alerts: the alert rules of docs/operations.md evaluated by promtool
 * (Prometheus's own rule evaluator) over what a running gate and guard exported. Scrape k is placed
 * at k minutes (Prometheus's default scrape interval): the values are the processes', the time is not.
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { parse, stringify } from 'yaml'
import { annotatedBlocks, readDoc } from '../docs/doc-set.js'
import { scrape } from './metrics.js'
import type { Sample } from './metrics.js'

const STEP = '1m'
const RUNTIME = /^verbatim_(guard_)?(process_|nodejs_)/

export interface Rule { alert: string; expr: string; for?: string }
const doc = readDoc('docs/operations.md')
/** The one Prometheus rules block of docs/operations.md, as written. */
export const RULES_YAML = annotatedBlocks('docs/operations.md', doc).blocks.filter((b) => b.info === 'yaml')[0]?.text ?? ''
export const RULES = (parse(RULES_YAML) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((g) => g.rules)
/** True when promtool (Debian's prometheus package) is installed. */
export const HAVE_PROMTOOL = spawnSync('promtool', ['--version']).status === 0
/** Every alert some test has seen fire. */
export const FIRED = new Set<string>()

/** Scrapes of a gate and a guard, one per step: the series promtool reads. */
export class Timeline {
  readonly #series = new Map<string, Array<number | undefined>>()
  #steps = 0
  constructor(private readonly urls: string[]) {}

  /** One step: every url's samples (the runtime ones aside) at this step. */
  async step(): Promise<void> {
    this.add((await Promise.all(this.urls.map((u) => scrape(u)))).flat())
  }

  add(samples: Sample[]): void {
    for (const s of samples) {
      if (RUNTIME.test(s.name)) continue
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')
      const key = labels === '' ? s.name : `${s.name}{${labels}}`
      const values = this.#series.get(key) ?? []
      values[this.#steps] = s.value
      this.#series.set(key, values)
    }
    this.#steps++
  }

  get steps(): number {
    return this.#steps
  }

  /** The first step at which a series whose key starts with `key` has a value that passes `test`. */
  firstStep(key: string, test: (v: number) => boolean): number | undefined {
    let first: number | undefined
    for (const [k, values] of this.#series) {
      if (!k.startsWith(key)) continue
      const i = values.findIndex((v) => v !== undefined && test(v))
      if (i >= 0 && (first === undefined || i < first)) first = i
    }
    return first
  }

  /** promtool's input series: `_` where a series had no sample at a step. */
  inputSeries(): Array<{ series: string; values: string }> {
    return [...this.#series].map(([series, v]) => ({ series, values: Array.from({ length: this.#steps }, (_x, i) => (v[i] === undefined ? '_' : String(v[i]))).join(' ') }))
  }
}

/**
 * Has promtool evaluate the documented rules over the timeline, at its last step (or `atStep`), and
 * expect each of `alerts` to fire with exactly these labels (a rule with no `by` has none).
 */
export async function expectFiring(tl: Timeline, alerts: Record<string, Array<Record<string, string>>>, atStep = tl.steps - 1): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'verbatim-alerts-'))
  await writeFile(join(dir, 'rules.yml'), RULES_YAML)
  await writeFile(join(dir, 'test.yml'), stringify({
    rule_files: ['rules.yml'],
    evaluation_interval: STEP,
    tests: [{
      interval: STEP,
      input_series: tl.inputSeries(),
      alert_rule_test: Object.entries(alerts).map(([alertname, labels]) => ({ eval_time: `${atStep}m`, alertname, exp_alerts: labels.map((l) => ({ exp_labels: l })) })),
    }],
  }))
  const r = spawnSync('promtool', ['test', 'rules', 'test.yml'], { cwd: dir })
  expect(r.status, `${r.stdout.toString()}${r.stderr.toString()}`).toBe(0)
  for (const a of Object.keys(alerts)) FIRED.add(a)
  await rm(dir, { recursive: true, force: true })
}

/**
 * The image recipe, step by step, as the replay runs it (image-replay.test.ts). dockerfile.test.ts
 * parses the Dockerfile and asserts that its instructions are exactly these, rendered.
 */
import type { Instruction } from 'dockerfile-ast'
import { DockerfileParser } from 'dockerfile-ast'

export type Step =
  | { copy: string[]; to: string; from?: string }
  | { run: string }
  | { env: Record<string, string> }
  | { user: string }
  | { volume: string[] }
  | { expose: string }
  | { stopsignal: string }
  | { healthcheck: { flags: string[]; cmd: string[] } }
  | { entrypoint: string[] }
  | { cmd: string[] }

export interface Stage {
  /** The stage name (`AS …`), null for the final, runtime stage. */
  name: string | null
  workdir: string
  steps: Step[]
}

export const BASE_IMAGE = 'node:20-bookworm-slim'

/** The folders the runtime stage's RUN creates; the replay maps them under its own root. */
export const IMAGE_DIRS = ['/etc/verbatim', '/var/lib/verbatim/audit', '/var/lib/verbatim/keys', '/var/lib/verbatim/trust', '/run/verbatim'] as const

export const RECIPE: Stage[] = [
  {
    name: 'build',
    workdir: '/src',
    steps: [
      { copy: ['package.json', 'package-lock.json'], to: './' },
      { run: 'npm ci --ignore-scripts' },
      { copy: ['tsconfig.json', 'tsconfig.build.json'], to: './' },
      { copy: ['src'], to: './src' },
      { copy: ['bench'], to: './bench' },
      { copy: ['examples'], to: './examples' },
      { run: 'npm run build' },
    ],
  },
  {
    name: 'deps',
    workdir: '/app',
    steps: [
      { copy: ['package.json', 'package-lock.json'], to: './' },
      { run: 'npm ci --omit=dev --ignore-scripts && npm cache clean --force' },
    ],
  },
  {
    name: null,
    workdir: '/app',
    steps: [
      { copy: ['/app/node_modules'], to: './node_modules', from: 'deps' },
      { copy: ['/src/dist/src'], to: './dist/src', from: 'build' },
      { copy: ['/src/dist/examples'], to: './dist/examples', from: 'build' },
      { copy: ['package.json'], to: './' },
      { copy: ['bin'], to: './bin' },
      { copy: ['policies'], to: './policies' },
      { copy: ['docs'], to: './docs' },
      {
        run: 'ln -s /app/bin/verbatim /usr/local/bin/verbatim' +
          ` && mkdir -p ${IMAGE_DIRS.join(' ')}` +
          ` && chown node:node /var/lib/verbatim ${IMAGE_DIRS.slice(1).join(' ')}` +
          ' && chmod 0700 /var/lib/verbatim/keys',
      },
      {
        env: {
          NODE_ENV: 'production',
          VERBATIM_PROFILE: 'container',
          VERBATIM_CONFIG: '/etc/verbatim/verbatim.yaml',
          VERBATIM_GUARD_CONFIG: '/etc/verbatim/guard.yaml',
        },
      },
      { user: 'node' },
      { volume: ['/var/lib/verbatim/audit', '/var/lib/verbatim/keys'] },
      { expose: '8080' },
      { stopsignal: 'SIGTERM' },
      {
        healthcheck: {
          flags: ['--interval=10s', '--timeout=3s', '--start-period=10s', '--retries=3'],
          cmd: ['node', '-e', "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"],
        },
      },
      { entrypoint: ['verbatim'] },
      { cmd: ['serve'] },
    ],
  },
]

/** The recipe as normalised instruction lines, the form `dockerfileLines` gives a parsed Dockerfile. */
export function recipeLines(): string[] {
  const out = [`ARG NODE_IMAGE=${BASE_IMAGE}`]
  for (const s of RECIPE) {
    out.push(s.name === null ? 'FROM ${NODE_IMAGE}' : `FROM \${NODE_IMAGE} AS ${s.name}`, `WORKDIR ${s.workdir}`)
    for (const step of s.steps) {
      if ('copy' in step) out.push(`COPY ${step.from === undefined ? '' : `--from=${step.from} `}${[...step.copy, step.to].join(' ')}`)
      else if ('run' in step) out.push(`RUN ${step.run}`)
      else if ('env' in step) out.push(`ENV ${Object.entries(step.env).map(([k, v]) => `${k}=${v}`).join(' ')}`)
      else if ('user' in step) out.push(`USER ${step.user}`)
      else if ('volume' in step) out.push(`VOLUME ${JSON.stringify(step.volume)}`)
      else if ('expose' in step) out.push(`EXPOSE ${step.expose}`)
      else if ('stopsignal' in step) out.push(`STOPSIGNAL ${step.stopsignal}`)
      else if ('healthcheck' in step) out.push(`HEALTHCHECK ${step.healthcheck.flags.join(' ')} CMD ${JSON.stringify(step.healthcheck.cmd)}`)
      else if ('entrypoint' in step) out.push(`ENTRYPOINT ${JSON.stringify(step.entrypoint)}`)
      else out.push(`CMD ${JSON.stringify(step.cmd)}`)
    }
  }
  return out
}

/** A Dockerfile's instructions, parsed by dockerfile-ast, one normalised line each (continuations joined, JSON forms re-encoded). */
export function dockerfileLines(text: string): string[] {
  return DockerfileParser.parse(text).getInstructions().map(line)
}

function line(i: Instruction): string {
  const keyword = i.getKeyword()
  const flags = 'getFlags' in i ? (i as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags().map((f) => `--${f.getName()}=${f.getValue() ?? ''}`) : []
  const json = 'getJSONStrings' in i ? (i as unknown as { getJSONStrings(): { getJSONValue(): string }[] }).getJSONStrings().map((s) => s.getJSONValue()) : []
  if (keyword === 'ENV') {
    const props = (i as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()
    return `ENV ${props.map((p) => `${p.getName()}=${p.getValue() ?? ''}`).join(' ')}`
  }
  if (keyword === 'HEALTHCHECK') {
    const content = i.getArgumentsContent() ?? ''
    const at = content.indexOf('CMD')
    return `HEALTHCHECK ${flags.join(' ')} CMD ${JSON.stringify(JSON.parse(content.slice(at + 3).trim()) as string[])}`
  }
  if (json.length > 0) return `${keyword} ${JSON.stringify(json)}`
  const args = i.getArguments().map((a) => a.getValue())
  return [keyword, ...flags, ...args].join(' ')
}

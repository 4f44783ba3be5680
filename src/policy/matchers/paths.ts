/** @module policy/matchers/paths: canonical paths, several roots, paths relative to another argument, case-insensitive file systems. */

/**
 * True when `p` is already the canonical absolute path: it starts with "/", has no empty, "." or
 * ".." segment (RFC 3986 §5.2.4 dot segments, POSIX "//"), no trailing "/", no backslash and no
 * control character. The executor will open this exact string, so no cleaned-up copy is compared.
 */
export function isCanonicalAbsolutePath(p: string): boolean {
  if (p === '/') return true
  if (!p.startsWith('/') || p.endsWith('/')) return false
  if (/[\\\u0000-\u001f\u007f]/.test(p)) return false
  for (const seg of p.slice(1).split('/')) {
    if (seg === '' || seg === '.' || seg === '..') return false
  }
  return true
}

/** `p` is `base` or lies beneath it, both compared as canonical text. */
export function pathIsUnder(p: string, base: string): boolean {
  if (!isCanonicalAbsolutePath(p)) return false
  if (p === base) return true
  return p.startsWith(base === '/' ? '/' : base + '/')
}

/** An absolute canonical path, or why a value has none. */
export type Resolved = { readonly path: string } | { readonly problem: string }

/**
 * The absolute path the kernel opens for `rel` in the directory `cwd` (POSIX.1-2017 §4.13), or why
 * it cannot be told from the text alone. `cwd` must be canonical. `.` is `cwd`, and one leading `./`
 * adds nothing: a "." segment names the directory it is in, whatever links there are. `..` names
 * the parent of wherever the path has got to, which a symlink decides: `/ws/link/..` is not `/ws`.
 * So `..` is never resolved, and a relative path holding one has no path here.
 */
export function resolveRelative(cwd: string, rel: string): Resolved {
  if (rel.startsWith('/')) return isCanonicalAbsolutePath(rel) ? { path: rel } : { problem: `${JSON.stringify(rel)} is not a canonical absolute path` }
  if (rel === '') return { problem: 'an empty path names no file' }
  if (rel.startsWith('~')) return { problem: `${JSON.stringify(rel)} starts with "~": a home folder to a shell, a folder named "~" to the kernel` }
  if (rel === '.') return { path: cwd }
  const body = rel.startsWith('./') ? rel.slice(2) : rel
  if (/[\\\u0000-\u001f\u007f]/.test(body)) return { problem: `${JSON.stringify(rel)} holds a backslash or a control character` }
  for (const seg of body.split('/')) {
    if (seg === '..') return { problem: `${JSON.stringify(rel)} holds "..", which the kernel resolves through symlinks: write the path without it` }
    if (seg === '' || seg === '.') return { problem: `${JSON.stringify(rel)} is not a canonical relative path (an empty or "." segment, or a trailing "/")` }
  }
  return { path: cwd === '/' ? `/${body}` : `${cwd}/${body}` }
}

const ASCII = /^[\x00-\x7f]*$/

/** Roots and how a value is compared with them. */
export interface PathRoots {
  readonly roots: readonly string[]
  /** For a case-insensitive file system: ASCII letters compare without case; other letters are refused. */
  readonly caseInsensitive: boolean
}

/**
 * Whether the canonical absolute `path` is one of the roots or under one: true, false, or a reason
 * it cannot be told. On a case-insensitive file system `/WORKSPACE/a` is under `/workspace`; a
 * non-ASCII letter is refused there, since each such file system folds them by its own table.
 */
export function underRoots(path: string, r: PathRoots): boolean | string {
  if (!r.caseInsensitive) return r.roots.some((root) => pathIsUnder(path, root))
  if (!ASCII.test(path)) return `${JSON.stringify(path)} has non-ASCII characters, which each case-insensitive file system folds its own way`
  const lower = path.toLowerCase()
  return r.roots.some((root) => pathIsUnder(lower, root.toLowerCase()))
}

/** Why `root` cannot be a root of `pathUnder`, or undefined. */
export function rootProblem(root: string, caseInsensitive: boolean): string | undefined {
  if (!isCanonicalAbsolutePath(root)) return `${JSON.stringify(root)} is not a canonical absolute path`
  if (caseInsensitive && !ASCII.test(root)) return `${JSON.stringify(root)}: a case-insensitive root must be ASCII`
  return undefined
}

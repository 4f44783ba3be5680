/** @module policy/matchers/sql-names: statement kinds, and the PostgreSQL functions known to read only or to write, lock, wait or reach outside. */

/** The statement kinds a `sql` condition names (its `statements`); the schema reads them from here. */
export const SQL_STATEMENTS = ['select', 'insert', 'update', 'delete'] as const
export type SqlStatement = (typeof SQL_STATEMENTS)[number]

/**
 * What `readOnly` allows when a rule lists no `functions`: built-ins that compute from their
 * arguments and change nothing (PostgreSQL 18, chapter 9). Unqualified, as a query calls them; the
 * server resolves an unqualified name through search_path, so the database role must not be able
 * to create functions in a schema on it (CVE-2018-1058).
 */
export const READ_ONLY_FUNCTIONS: readonly string[] = [
  // aggregates and window functions (§9.21, §9.22)
  'count', 'sum', 'avg', 'min', 'max', 'bool_and', 'bool_or', 'every', 'array_agg', 'string_agg', 'json_agg', 'jsonb_agg',
  'json_object_agg', 'jsonb_object_agg', 'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp',
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value', 'last_value', 'nth_value',
  // strings (§9.4)
  'lower', 'upper', 'initcap', 'length', 'char_length', 'character_length', 'octet_length', 'bit_length', 'substr', 'substring',
  'trim', 'btrim', 'ltrim', 'rtrim', 'replace', 'concat', 'concat_ws', 'left', 'right', 'lpad', 'rpad', 'position', 'strpos',
  'split_part', 'repeat', 'reverse', 'starts_with', 'regexp_replace', 'regexp_match', 'regexp_matches', 'regexp_like',
  'to_char', 'to_number', 'to_date', 'to_timestamp', 'md5', 'overlay',
  // numbers (§9.3)
  'abs', 'ceil', 'ceiling', 'floor', 'round', 'trunc', 'mod', 'power', 'sqrt', 'sign', 'div', 'exp', 'ln', 'log',
  // dates and times (§9.9)
  'now', 'date_trunc', 'date_part', 'extract', 'age', 'make_date', 'make_timestamp', 'make_interval', 'date_bin',
  // JSON and arrays (§9.16, §9.19)
  'json_build_object', 'jsonb_build_object', 'json_build_array', 'jsonb_build_array', 'to_json', 'to_jsonb',
  'json_extract_path', 'jsonb_extract_path', 'json_extract_path_text', 'jsonb_extract_path_text', 'jsonb_array_length',
  'json_array_length', 'jsonb_typeof', 'json_typeof', 'jsonb_object_keys', 'array_length', 'array_position', 'cardinality',
  'unnest', 'generate_series',
]

/**
 * Functions that write, lock, wait, signal or reach outside the database: `readOnly` never allows
 * them, even when listed (listing one is a load fault). Prefixes end in "*".
 */
export const WRITING_FUNCTIONS: readonly string[] = [
  'set_config', 'nextval', 'setval', 'txid_current', 'pg_current_xact_id', 'pg_notify', 'pg_sleep', 'pg_sleep_for', 'pg_sleep_until',
  'pg_advisory_*', 'pg_try_advisory_*', 'pg_terminate_backend', 'pg_cancel_backend', 'pg_reload_conf', 'pg_rotate_logfile',
  'pg_read_file', 'pg_read_binary_file', 'pg_ls_*', 'pg_stat_file', 'pg_file_*', 'pg_switch_wal', 'pg_create_restore_point',
  'pg_backup_start', 'pg_backup_stop', 'pg_promote', 'pg_logical_emit_message', 'pg_create_*', 'pg_drop_replication_slot',
  'pg_replication_origin_*', 'pg_stat_reset*', 'pg_import_system_collations', 'pg_log_backend_memory_contexts', 'pg_prewarm',
  'lo_*', 'lowrite', 'loread', 'dblink*', 'query_to_xml*', 'cursor_to_xml*', 'table_to_xml*', 'schema_to_xml*', 'database_to_xml*',
]

/** The entry of WRITING_FUNCTIONS that a function name falls under, whatever its schema (extensions such as dblink live in any). */
export function writingFunction(parts: readonly string[]): string | undefined {
  const name = parts.at(-1) ?? ''
  return WRITING_FUNCTIONS.find((w) => (w.endsWith('*') ? name.startsWith(w.slice(0, -1)) : name === w))
}

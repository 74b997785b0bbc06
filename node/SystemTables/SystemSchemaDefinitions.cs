namespace ScriptProxy.Node.SystemTables;

/// <summary>
/// Cassandra 4.0's system tables that drivers read, as CQL (parsed by the node's own parser at startup), so their
/// columns and types match what drivers check. Views keep the 3.x columns gocql still selects.
/// </summary>
internal static class SystemSchemaDefinitions
{
    public const string TableOptionColumns =
        "additional_write_policy text, bloom_filter_fp_chance double, caching frozen<map<text, text>>, cdc boolean, comment text, " +
        "compaction frozen<map<text, text>>, compression frozen<map<text, text>>, crc_check_chance double, dclocal_read_repair_chance double, " +
        "default_time_to_live int, extensions frozen<map<text, blob>>, gc_grace_seconds int, max_index_interval int, " +
        "memtable_flush_period_in_ms int, min_index_interval int, read_repair text, read_repair_chance double, speculative_retry text";

    public static IReadOnlyList<(string Keyspace, string Cql)> Tables { get; } =
    [
        ("system", "CREATE TABLE local (key text PRIMARY KEY, bootstrapped text, broadcast_address inet, broadcast_port int, cluster_name text, cql_version text, data_center text, gossip_generation int, host_id uuid, listen_address inet, listen_port int, native_protocol_version text, partitioner text, rack text, release_version text, rpc_address inet, rpc_port int, schema_version uuid, tokens set<text>, truncated_at map<uuid, blob>)"),
        ("system", "CREATE TABLE peers (peer inet PRIMARY KEY, data_center text, host_id uuid, preferred_ip inet, rack text, release_version text, rpc_address inet, schema_version uuid, tokens set<text>)"),
        ("system", "CREATE TABLE peers_v2 (peer inet, peer_port int, data_center text, host_id uuid, native_address inet, native_port int, preferred_ip inet, preferred_port int, rack text, release_version text, schema_version uuid, tokens set<text>, PRIMARY KEY (peer, peer_port))"),
        ("system_schema", "CREATE TABLE keyspaces (keyspace_name text PRIMARY KEY, durable_writes boolean, replication frozen<map<text, text>>)"),
        ("system_schema", $"CREATE TABLE tables (keyspace_name text, table_name text, {TableOptionColumns}, flags frozen<set<text>>, id uuid, PRIMARY KEY (keyspace_name, table_name))"),
        ("system_schema", "CREATE TABLE columns (keyspace_name text, table_name text, column_name text, clustering_order text, column_name_bytes blob, kind text, position int, type text, PRIMARY KEY (keyspace_name, table_name, column_name))"),
        ("system_schema", "CREATE TABLE types (keyspace_name text, type_name text, field_names frozen<list<text>>, field_types frozen<list<text>>, PRIMARY KEY (keyspace_name, type_name))"),
        ("system_schema", "CREATE TABLE functions (keyspace_name text, function_name text, argument_types frozen<list<text>>, argument_names frozen<list<text>>, body text, called_on_null_input boolean, language text, return_type text, PRIMARY KEY (keyspace_name, function_name, argument_types))"),
        ("system_schema", "CREATE TABLE aggregates (keyspace_name text, aggregate_name text, argument_types frozen<list<text>>, final_func text, initcond text, return_type text, state_func text, state_type text, PRIMARY KEY (keyspace_name, aggregate_name, argument_types))"),
        ("system_schema", $"CREATE TABLE views (keyspace_name text, view_name text, base_table_id uuid, base_table_name text, {TableOptionColumns}, id uuid, include_all_columns boolean, where_clause text, PRIMARY KEY (keyspace_name, view_name))"),
        ("system_schema", "CREATE TABLE indexes (keyspace_name text, table_name text, index_name text, kind text, options frozen<map<text, text>>, PRIMARY KEY (keyspace_name, table_name, index_name))"),
        ("system_schema", "CREATE TABLE triggers (keyspace_name text, table_name text, trigger_name text, options frozen<map<text, text>>, PRIMARY KEY (keyspace_name, table_name, trigger_name))"),
        ("system_schema", "CREATE TABLE dropped_columns (keyspace_name text, table_name text, column_name text, dropped_time timestamp, kind text, type text, PRIMARY KEY (keyspace_name, table_name, column_name))"),
        ("system_virtual_schema", "CREATE TABLE keyspaces (keyspace_name text PRIMARY KEY)"),
        ("system_virtual_schema", "CREATE TABLE tables (keyspace_name text, table_name text, comment text, PRIMARY KEY (keyspace_name, table_name))"),
        ("system_virtual_schema", "CREATE TABLE columns (keyspace_name text, table_name text, column_name text, clustering_order text, column_name_bytes blob, kind text, position int, type text, PRIMARY KEY (keyspace_name, table_name, column_name))"),
        ("system_auth", "CREATE TABLE roles (role text PRIMARY KEY, can_login boolean, is_superuser boolean, member_of set<text>, salted_hash text)"),
        ("system_distributed", "CREATE TABLE repair_history (keyspace_name text, columnfamily_name text, id timeuuid, coordinator inet, exception_message text, finished_at timestamp, started_at timestamp, status text, PRIMARY KEY ((keyspace_name, columnfamily_name), id))"),
        ("system_traces", "CREATE TABLE sessions (session_id uuid PRIMARY KEY, client inet, command text, coordinator inet, duration int, parameters map<text, text>, request text, started_at timestamp)"),
        ("system_traces", "CREATE TABLE events (session_id uuid, event_id timeuuid, activity text, source inet, source_elapsed int, thread text, PRIMARY KEY ((session_id), event_id))"),
    ];

    /// <summary>Tables whose rows are computed from node state on each read rather than stored.</summary>
    public static bool IsComputed(string keyspace) => keyspace is "system" or "system_schema" or "system_virtual_schema";
}

using System.Globalization;
using System.Text;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.SystemTables;

/// <summary>
/// Computes the rows of system.local/peers/peers_v2 and system_schema.* from the node options and the current
/// schema snapshot. Values are keyed by column name; missing columns read as null.
/// </summary>
internal static class SystemRows
{
    public static IEnumerable<Dictionary<string, object?>> For(string keyspace, string table, SchemaSnapshot schema, EmbeddedNodeOptions o)
    {
        switch (keyspace, table)
        {
            case ("system", "local"):
                return [new()
                {
                    ["key"] = "local", ["bootstrapped"] = "COMPLETED", ["broadcast_address"] = o.ListenAddress, ["broadcast_port"] = 7000,
                    ["cluster_name"] = o.ClusterName, ["cql_version"] = o.CqlVersion, ["data_center"] = o.DataCenter, ["gossip_generation"] = 1,
                    ["host_id"] = o.HostId, ["listen_address"] = o.ListenAddress, ["listen_port"] = 7000, ["native_protocol_version"] = "5",
                    ["partitioner"] = o.Partitioner, ["rack"] = o.Rack, ["release_version"] = o.ReleaseVersion, ["rpc_address"] = o.ListenAddress,
                    ["rpc_port"] = o.NativePort, ["schema_version"] = schema.Version, ["tokens"] = o.Tokens.Cast<object?>().ToList(),
                }];
            case ("system", "peers"):
                return o.Peers.Select(p => new Dictionary<string, object?>
                {
                    ["peer"] = p.Address, ["data_center"] = p.DataCenter, ["host_id"] = p.HostId, ["preferred_ip"] = p.Address, ["rack"] = p.Rack,
                    ["release_version"] = o.ReleaseVersion, ["rpc_address"] = p.Address, ["schema_version"] = schema.Version,
                    ["tokens"] = p.Tokens.Cast<object?>().ToList(),
                });
            case ("system", "peers_v2"):
                return o.Peers.Select(p => new Dictionary<string, object?>
                {
                    ["peer"] = p.Address, ["peer_port"] = 7000, ["data_center"] = p.DataCenter, ["host_id"] = p.HostId, ["native_address"] = p.Address,
                    ["native_port"] = p.NativePort, ["preferred_ip"] = p.Address, ["preferred_port"] = 7000, ["rack"] = p.Rack,
                    ["release_version"] = o.ReleaseVersion, ["schema_version"] = schema.Version, ["tokens"] = p.Tokens.Cast<object?>().ToList(),
                });
            case ("system_schema", _):
                return SchemaRows(table, schema);
            default:
                return [];
        }
    }

    private static IEnumerable<Dictionary<string, object?>> SchemaRows(string table, SchemaSnapshot schema)
    {
        var keyspaces = schema.Keyspaces.Values.Where(k => !k.IsVirtual).ToList();
        switch (table)
        {
            case "keyspaces":
                return keyspaces.Select(k => new Dictionary<string, object?>
                {
                    ["keyspace_name"] = k.Name, ["durable_writes"] = k.DurableWrites,
                    ["replication"] = k.Replication.Select(kv => new KeyValuePair<object?, object?>(kv.Key, kv.Value)).ToList(),
                });
            case "tables":
                return keyspaces.SelectMany(k => k.Tables.Values).Select(TableRow);
            case "columns":
                return keyspaces.SelectMany(k => k.Tables.Values).SelectMany(t => t.Columns.Select(c => new Dictionary<string, object?>
                {
                    ["keyspace_name"] = t.Keyspace, ["table_name"] = t.Name, ["column_name"] = c.Name, ["clustering_order"] = c.ClusteringOrderText,
                    ["column_name_bytes"] = Encoding.UTF8.GetBytes(c.Name), ["kind"] = c.KindText, ["position"] = c.Position, ["type"] = c.Type.ToString(),
                }));
            case "types":
                return keyspaces.SelectMany(k => k.Types.Values).Select(u => new Dictionary<string, object?>
                {
                    ["keyspace_name"] = u.Keyspace, ["type_name"] = u.Name,
                    ["field_names"] = u.Fields.Select(f => (object?)f.Name).ToList(),
                    ["field_types"] = u.Fields.Select(f => (object?)f.Type.ToString()).ToList(),
                });
            case "indexes":
                return keyspaces.SelectMany(k => k.Tables.Values).SelectMany(t => t.Indexes.Select(i => new Dictionary<string, object?>
                {
                    ["keyspace_name"] = t.Keyspace, ["table_name"] = t.Name, ["index_name"] = i.Key, ["kind"] = "COMPOSITES",
                    ["options"] = new List<KeyValuePair<object?, object?>> { new("target", i.Value) },
                }));
            default:
                return [];
        }
    }

    private static Dictionary<string, object?> TableRow(TableMetadata t)
    {
        var row = new Dictionary<string, object?>
        {
            ["keyspace_name"] = t.Keyspace, ["table_name"] = t.Name, ["id"] = t.Id,
            ["flags"] = new List<object?> { "compound" }, ["extensions"] = new List<KeyValuePair<object?, object?>>(),
        };
        foreach (var (name, value) in t.Options)
        {
            row[name] = value switch
            {
                Dictionary<string, string> map => map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new KeyValuePair<object?, object?>(kv.Key, kv.Value)).ToList(),
                string s when name is "bloom_filter_fp_chance" or "crc_check_chance" => double.Parse(s, CultureInfo.InvariantCulture),
                string s when name is "default_time_to_live" or "gc_grace_seconds" or "max_index_interval" or "memtable_flush_period_in_ms" or "min_index_interval" => int.Parse(s, CultureInfo.InvariantCulture),
                string s when name == "cdc" => s == "true",
                _ => value,
            };
        }
        return row;
    }
}

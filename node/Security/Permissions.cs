using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Node.Security;

/// <summary>The embedded node's permission check: only superusers change schema (see <see cref="NodeUser"/>).</summary>
internal static class Permissions
{
    /// <summary>Null when <paramref name="user"/> may run <paramref name="statement"/>, else Cassandra's Unauthorized text.</summary>
    public static string? Check(NodeUser user, Statement statement)
    {
        if (user.Superuser) return null;
        string? permission = statement switch
        {
            CreateKeyspaceStatement or CreateTableStatement or CreateTypeStatement or CreateIndexStatement => "CREATE",
            AlterKeyspaceStatement or AlterTableStatement or AlterTypeStatement => "ALTER",
            DropKeyspaceStatement or DropTableStatement or DropTypeStatement or DropIndexStatement => "DROP",
            TruncateStatement => "MODIFY",
            _ => null,
        };
        return permission is null ? null : $"User {user.Name} has no {permission} permission on <all keyspaces> or any of its parents";
    }
}

using Microsoft.Data.Sqlite;

namespace Nines.Controller.Supervision;

/// <summary>
/// The one rule for what is process-fatal: the store is gone for good. Everything else — a bug in one deployment's
/// pass, a busy or unreachable store, a full disk, an agent that does not answer — is isolated or retried.
/// </summary>
/// <remarks>
/// Gone for good means retrying in this process cannot help, because the file the store has open is no longer the
/// database: SQLite reports it corrupt (<c>SQLITE_CORRUPT</c>), not a database (<c>SQLITE_NOTADB</c>), or moved or
/// deleted under the open connection (<c>SQLITE_READONLY_DBMOVED</c>). Then the process exits non-zero with the reason
/// (an operator restores a backup; the next start checks the store). An etcd cluster that does not answer is not gone
/// for good (its members restart), and neither is a full disk (space returns).
/// </remarks>
public static class StoreLoss
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;
    private const int SqliteReadOnlyDbMoved = 8 | (4 << 8);

    /// <summary>True when <paramref name="error"/> (or an exception inside it) says the store is gone for good.</summary>
    public static bool IsPermanent(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite
                && (sqlite.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase || sqlite.SqliteExtendedErrorCode == SqliteReadOnlyDbMoved))
            {
                return true;
            }

            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Any(IsPermanent);
            }
        }

        return false;
    }
}

namespace Nines.Cli.Commands;

/// <summary>How <c>nines plan</c> prints its result.</summary>
internal enum PlanOutputFormat
{
    Table,
    Json,
}

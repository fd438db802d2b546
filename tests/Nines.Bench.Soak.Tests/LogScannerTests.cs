namespace Nines.Bench.Soak.Tests;

public sealed class LogScannerTests
{
    [Fact]
    public void Scan_StackTraceAfterAMessage_CountsOneWithTheMessage()
    {
        string[] log =
        [
            "info: reconciling tenant.a",
            "System.InvalidOperationException: interface id 256 is out of range",
            "   at Nines.Drivers.MacAddress.Auto(Int32 offset, Int32 id) in /src/MacAddress.cs:line 40",
            "   at Nines.ControlPlane.Reconciliation.DeploymentReconciler.<ReconcileAsync>d__12.MoveNext()",
            "   at System.Runtime.CompilerServices.AsyncMethodBuilderCore.Start[[Nines.Api.Endpoints.DeploymentEndpoints+<ApplyAsync>d__7, Nines.Api, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null]](<ApplyAsync>d__7 ByRef)",
            "--- End of stack trace from previous location ---",
            "   at System.Runtime.CompilerServices.TaskAwaiter.ThrowForNonSuccess(Task task)",
            "info: next",
        ];

        var (count, samples) = LogScanner.Scan(log);

        count.ShouldBe(1);
        samples.ShouldBe(["System.InvalidOperationException: interface id 256 is out of range"]);
    }

    [Fact]
    public void Scan_UnhandledExceptionAndASecondTrace_CountsBoth()
    {
        string[] log =
        [
            "Unhandled exception. System.IO.IOException: No space left on device",
            "   at System.IO.RandomAccess.WriteAtOffset(SafeFileHandle handle)",
            "fail: something else",
            "System.Exception: boom",
            "   at Nines.X.Y()",
        ];

        LogScanner.Scan(log).Count.ShouldBe(2);
    }

    [Fact]
    public void Scan_KestrelUnhandledWithItsTrace_CountsOne()
    {
        string[] log =
        [
            "fail: Microsoft.AspNetCore.Server.Kestrel[13]",
            "      Connection id \"0HNQK\", Request id \"0HNQK:0000000F\": An unhandled exception was thrown by the application.",
            "      Microsoft.Data.Sqlite.SqliteException (0x80004005): SQLite Error 13: 'database or disk is full'.",
            "         at Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(Int32 rc, sqlite3 db)",
            "         at Nines.Api.Http.RequestErrorMiddleware.InvokeAsync(HttpContext context) in /src/RequestErrorMiddleware.cs:line 21",
            "info: next request",
        ];

        LogScanner.Scan(log).Count.ShouldBe(1);
    }

    [Fact]
    public void Scan_StackOverflowWithFoldedRecursion_CountsOne()
    {
        string[] log =
        [
            "Stack overflow.",
            "Repeated 3120 times:",
            "--------------------------------",
            "   at YamlDotNet.RepresentationModel.YamlSequenceNode..ctor(YamlDotNet.Core.IParser, YamlDotNet.RepresentationModel.DocumentLoadingState)",
            "   at YamlDotNet.RepresentationModel.YamlNode.ParseNode(YamlDotNet.Core.IParser, YamlDotNet.RepresentationModel.DocumentLoadingState)",
            "--------------------------------",
            "   at Nines.Scenarios.Native.Reading.NativeYamlLoader.Load(System.String, System.String, Nines.Domain.Diagnostics.DiagnosticBag)",
            "Repeated 2 times:",
            "   at System.Threading.Thread.StartCallback()",
        ];

        LogScanner.Scan(log).Count.ShouldBe(1);
    }

    [Fact]
    public void Scan_OrdinaryLines_FindsNothing()
    {
        string[] log = ["nines: controller running at http://127.0.0.1:7409", "  at the end of the line there is nothing", "warn: host h2 lost its lease"];

        LogScanner.Scan(log).Count.ShouldBe(0);
    }
}

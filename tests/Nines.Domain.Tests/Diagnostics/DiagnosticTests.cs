using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;

namespace Nines.Domain.Tests.Diagnostics;

public sealed class DiagnosticTests
{
    [Fact]
    public void ToString_ErrorWithField_UsesCompilerForm() =>
        Diagnostic.Error("NX1001", new SourceLocation("s.xml", 3, 7), "vm[a]/mem", "bad size")
            .ToString().ShouldBe("s.xml:3:7: error NX1001: vm[a]/mem: bad size");

    [Fact]
    public void ToString_FileOnlyLocation_OmitsLineAndColumn() =>
        Diagnostic.Warning("NX0001", SourceLocation.OfFile("c.conf"), null, "empty")
            .ToString().ShouldBe("c.conf: warning NX0001: empty");

    [Fact]
    public void ToSortedList_MixedOrder_SortsByFileLineColumn()
    {
        var bag = new DiagnosticBag();
        bag.Error("B", new SourceLocation("f", 9, 1), null, "late");
        bag.Error("A", new SourceLocation("f", 2, 5), null, "early");
        bag.Warning("C", new SourceLocation("f", 2, 1), null, "earliest");

        bag.ToSortedList().Select(d => d.Code).ShouldBe(["C", "A", "B"]);
        bag.HasErrors.ShouldBeTrue();
    }

    [Fact]
    public void From_BagWithError_HasNoValue()
    {
        var bag = new DiagnosticBag();
        bag.Error("X", SourceLocation.OfFile("f"), null, "broken");

        var result = ParseResult<string>.From("value", bag);

        result.Succeeded.ShouldBeFalse();
        result.Value.ShouldBeNull();
        result.Errors.ShouldHaveSingleItem();
    }

    [Fact]
    public void From_BagWithOnlyWarnings_KeepsValue()
    {
        var bag = new DiagnosticBag();
        bag.Warning("W", SourceLocation.OfFile("f"), null, "odd");

        var result = ParseResult<string>.From("value", bag);

        result.Succeeded.ShouldBeTrue();
        result.Warnings.ShouldHaveSingleItem();
    }

    [Fact]
    public void Locate_EqualRecordsRecordedSeparately_KeepTheirOwnLocations()
    {
        var map = new SourceMap("s.yaml");
        var first = new NetworkSpec("Net0");
        var second = new NetworkSpec("Net0");
        map.Record(first, new SourceLocation("s.yaml", 1, 1));
        map.Record(second, new SourceLocation("s.yaml", 5, 3));

        map.Locate(first).Line.ShouldBe(1);
        map.Locate(second).Line.ShouldBe(5);
        map.Locate(new NetworkSpec("Net0")).ShouldBe(SourceLocation.OfFile("s.yaml"));
    }
}

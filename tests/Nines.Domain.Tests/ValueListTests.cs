namespace Nines.Domain.Tests;

public sealed class ValueListTests
{
    [Fact]
    public void Equals_SameItemsDifferentInstances_AreEqual()
    {
        var a = ValueList.Of("x", "y");
        var b = ValueList.From(new List<string> { "x", "y" });

        a.ShouldBe(b);
        (a == b).ShouldBeTrue();
        a.GetHashCode().ShouldBe(b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentOrder_AreNotEqual() =>
        ValueList.Of("x", "y").ShouldNotBe(ValueList.Of("y", "x"));

    [Fact]
    public void Default_EqualsEmpty_AndEnumeratesNothing()
    {
        ValueList<int> unset = default;

        unset.ShouldBe(ValueList<int>.Empty);
        unset.Count.ShouldBe(0);
        unset.ShouldBeEmpty();
    }

    [Fact]
    public void Add_ReturnsNewList_LeavesOriginal()
    {
        var list = ValueList.Of(1);

        var longer = list.Add(2);

        list.Count.ShouldBe(1);
        longer.ShouldBe(ValueList.Of(1, 2));
    }
}

public sealed class ValueListJsonTests
{
    private sealed record Holder(string Name, ValueList<int> Numbers);

    [Fact]
    public void Serialize_RecordWithValueList_WritesArrayAndReadsBackEqual()
    {
        var holder = new Holder("h", ValueList.Of(3, 1, 2));

        var json = System.Text.Json.JsonSerializer.Serialize(holder);
        var back = System.Text.Json.JsonSerializer.Deserialize<Holder>(json);

        json.ShouldBe("""{"Name":"h","Numbers":[3,1,2]}""");
        back.ShouldBe(holder);
    }

    [Fact]
    public void Deserialize_NullList_IsEmpty() =>
        System.Text.Json.JsonSerializer.Deserialize<Holder>("""{"Name":"h","Numbers":null}""")!.Numbers.ShouldBeEmpty();
}

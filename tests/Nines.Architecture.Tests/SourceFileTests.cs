using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Nines.Testing;
using Xunit.Abstractions;

namespace Nines.Architecture.Tests;

/// <summary>
/// The product's source files stay small and findable: one top-level type per file, named after it (StyleCop SA1402
/// and SA1649, as in Polly and YARP), no file over 300 lines, and a median at most 50 lines (Polly's is 41,
/// YARP's 45). The files are read with the C# parser, so strings and comments cannot fool the count.
/// </summary>
public sealed class SourceFileTests(ITestOutputHelper output)
{
    /// <summary>The longest a product file may be (issue 19: "no file over 300 lines").</summary>
    internal const int MaxLines = 300;

    /// <summary>The largest median product file length (issue 19: "median ≤ 50").</summary>
    internal const int MaxMedianLines = 50;

    /// <summary>
    /// Files allowed more than one top-level type for now: the deployment reconciler's decisions and status are
    /// being rewritten as a pure function (issue 19 item 4) and are split when that lands. Remove an entry once its
    /// file holds one type; <see cref="PendingSplits_StillNeedTheirAllowance"/> says when.
    /// </summary>
    private static readonly HashSet<string> _pendingSplits = new(StringComparer.Ordinal)
    {
    };

    private static readonly Lazy<IReadOnlyList<SourceFile>> _files = new(ReadProductFiles);

    [Fact]
    public void ProductFiles_EachHoldOneTopLevelType()
    {
        var crowded = _files.Value
            .Where(f => f.TypeNames.Count > 1 && !_pendingSplits.Contains(f.Path))
            .Select(f => $"{f.Path}: {string.Join(", ", f.TypeNames)}")
            .ToList();

        crowded.ShouldBeEmpty("one top-level type per file (partials of one type count as one; a helper only this file uses may be `file`-scoped): move the others into files named after them");
    }

    [Fact]
    public void ProductFiles_AreNamedAfterTheirType()
    {
        // Foo.cs, a partial's Foo.Concern.cs; a generic Foo<T> in Foo.cs, or in Foo{T}.cs beside a non-generic Foo.
        var misnamed = _files.Value
            .Where(f => f.TypeNames.Count == 1 && TypeNameOfFile(f.Path) != f.TypeNames[0].Split('`')[0])
            .Select(f => $"{f.Path}: {f.TypeNames[0]}")
            .ToList();

        misnamed.ShouldBeEmpty("a file is named after the type it holds");
    }

    [Fact]
    public void ProductFiles_AreAtMost300Lines()
    {
        var tooLong = _files.Value
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{f.Path}: {f.Lines} lines")
            .ToList();

        tooLong.ShouldBeEmpty($"no product file over {MaxLines} lines: split it by concern into partial files");
    }

    [Fact]
    public void ProductFiles_MedianLength_IsAtMost50Lines()
    {
        var lengths = _files.Value.Select(f => f.Lines).Order().ToList();
        var median = Median(lengths);
        output.WriteLine($"{lengths.Count} product files, median {median} lines, longest {lengths[^1]}");

        median.ShouldBeLessThanOrEqualTo(MaxMedianLines, "Polly's median file is 41 lines, YARP's 45");
    }

    [Fact]
    public void PendingSplits_StillNeedTheirAllowance()
    {
        var stale = _pendingSplits
            .Where(p => _files.Value.SingleOrDefault(f => f.Path == p) is not { TypeNames.Count: > 1 })
            .ToList();

        stale.ShouldBeEmpty("these files are gone or hold one type now: remove them from _pendingSplits");
    }

    [Fact]
    public void TopLevelTypeNames_CountPartialsOnceAndSkipFileScopedAndNestedTypes()
    {
        // Guards the scan itself: what counts as "a type" of a file.
        const string Source = """
            namespace Sample;

            /// <summary>Doc.</summary>
            internal sealed partial class Holder
            {
                private sealed class Nested;
            }

            internal sealed partial class Holder;

            file sealed class Helper;

            internal sealed record Extra(int A);

            internal enum Kind { One }

            internal delegate void Handler();

            internal interface IThing<T>;
            """;

        TopLevelTypeNames(CSharpSyntaxTree.ParseText(Source).GetCompilationUnitRoot())
            .ShouldBe(["Holder", "Extra", "Kind", "Handler", "IThing`1"]);
    }

    [Fact]
    public void ProductFiles_SeeEveryProject()
    {
        // Guards the file walk: every src project contributes files, and build output is not read.
        var projects = _files.Value.Select(f => f.Path.Split('/')[1]).ToHashSet(StringComparer.Ordinal);

        projects.ShouldBe(ProjectGraph.Direct.Keys.ToHashSet(StringComparer.Ordinal), ignoreOrder: true);
        _files.Value.ShouldNotContain(f => f.Path.Contains("/obj/", StringComparison.Ordinal) || f.Path.Contains("/bin/", StringComparison.Ordinal));
    }

    /// <summary>The middle length, or the lower of the two middle ones for an even count.</summary>
    internal static int Median(IReadOnlyList<int> sorted) => sorted[(sorted.Count - 1) / 2];

    /// <summary>
    /// The names (with <c>`arity</c> for generics) of the types declared at the top of a file, in order: partial
    /// parts of one type once, <c>file</c>-scoped helpers and nested types not at all.
    /// </summary>
    internal static List<string> TopLevelTypeNames(CompilationUnitSyntax unit) =>
        [.. TopLevelMembers(unit.Members)
            .Where(m => !m.Modifiers.Any(SyntaxKind.FileKeyword))
            .Select(NameOf)
            .Distinct(StringComparer.Ordinal)];

    private static IEnumerable<MemberDeclarationSyntax> TopLevelMembers(SyntaxList<MemberDeclarationSyntax> members) =>
        members.SelectMany(m => m switch
        {
            BaseNamespaceDeclarationSyntax ns => TopLevelMembers(ns.Members),
            BaseTypeDeclarationSyntax or DelegateDeclarationSyntax => [m],
            _ => [],
        });

    private static string NameOf(MemberDeclarationSyntax member)
    {
        var (name, parameters) = member switch
        {
            TypeDeclarationSyntax t => (t.Identifier.Text, t.TypeParameterList),
            DelegateDeclarationSyntax d => (d.Identifier.Text, d.TypeParameterList),
            BaseTypeDeclarationSyntax b => (b.Identifier.Text, null),
            _ => throw new ArgumentException("not a type declaration", nameof(member)),
        };
        return parameters is { Parameters.Count: > 0 } ? $"{name}`{parameters.Parameters.Count}" : name;
    }

    /// <summary>The type name a file's name gives, without arity: <c>Foo.Concern.cs</c> and <c>Foo{T}.cs</c> → Foo.</summary>
    private static string TypeNameOfFile(string path) => Path.GetFileName(path).Split('.')[0].Split('{')[0];

    private static List<SourceFile> ReadProductFiles()
    {
        var root = RepositoryPaths.Root;
        return [.. Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Where(p => !p.Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .Select(p =>
            {
                var text = File.ReadAllText(Path.Combine(root, p));
                var unit = CSharpSyntaxTree.ParseText(text, path: p).GetCompilationUnitRoot();
                return new SourceFile(p, LineCount(text), TopLevelTypeNames(unit));
            })];
    }

    /// <summary>Lines as <c>wc -l</c> counts them, plus a last line without its newline.</summary>
    private static int LineCount(string text) =>
        text.Count(c => c == '\n') + (text.Length > 0 && text[^1] != '\n' ? 1 : 0);

    private sealed record SourceFile(string Path, int Lines, IReadOnlyList<string> TypeNames);
}

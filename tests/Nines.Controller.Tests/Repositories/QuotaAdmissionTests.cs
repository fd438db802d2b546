using Nines.Contracts.Model;
using Nines.Controller.Quotas;
using Nines.Controller.Repositories;
using Nines.Controller.Tests.Support;
using Nines.Testing;

namespace Nines.Controller.Tests.Repositories;

public sealed class QuotaAdmissionTests
{
    private static string Scenario(string name, int vms) =>
        "nines: 1\nname: " + name + "\nvms:\n" + string.Concat(Enumerable.Range(0, vms).Select(i => $"  - name: vm{i}\n    memory: 256M\n"));

    private static Func<TenantQuota, QuotaUsage, QuotaUsage, IReadOnlyList<QuotaViolation>> Admit(QuotaUsage requested) =>
        (quota, others, current) => QuotaPolicy.CheckDeployment("acme", quota, others, current, requested, null, callerIsAdmin: false);

    [Theory]
    [MemberData(nameof(StoreKind.All), MemberType = typeof(StoreKind))]
    public async Task ApplyWithinQuota_AnotherAdmissionCommitsBetweenReadAndCommit_TheFirstReadsAgainAndIsRefused(string kind)
    {
        var time = new FakeTimeProvider();
        await using var store = StoreKind.Open(kind, time);
        var repository = new DeploymentRepository(store, time);
        await new QuotaRepository(store).SetAsync("acme", new TenantQuota(Vms: 3), CancellationToken.None);
        var two = new QuotaUsage(2, 2, 512, 1, 0, 0);
        var calls = 0;

        // A decides on the usage it read (nothing) and, before it commits, B is admitted on that same usage: A's commit
        // must lose on the fence, and A decided again on the usage with B in it.
        var a = await repository.ApplyWithinQuotaAsync(new DeploymentRef("acme", "a"), Scenario("a", 2), null, null, QuotaAccounting.Default, (quota, others, current) =>
        {
            if (calls++ == 0)
            {
                var b = repository.ApplyWithinQuotaAsync(new DeploymentRef("acme", "b"), Scenario("b", 2), null, null, QuotaAccounting.Default, Admit(two), CancellationToken.None).GetAwaiter().GetResult();
                b.Stored.ShouldNotBeNull();
            }

            return Admit(two)(quota, others, current);
        }, CancellationToken.None);

        calls.ShouldBe(2);
        a.Stored.ShouldBeNull();
        a.Violations.ShouldHaveSingleItem().ShouldSatisfyAllConditions(v => v.Rule.ShouldBe("vms"), v => v.Usage.ShouldBe(2), v => v.Limit.ShouldBe(3));
        (await repository.ListAsync("acme", CancellationToken.None)).Select(d => d.Ref.Name).ShouldBe(["b"]);
        (await repository.UsageAsync("acme", QuotaAccounting.Default, CancellationToken.None)).ShouldBe(new QuotaUsage(2, 2, 512, 1, 0, 0));
    }

    // The chaos soak's lost operations, on the API's admission path: a re-deploy before the controller's first pass
    // ends the earlier generation's operation (it would otherwise stay STARTING for good).
    [Theory]
    [MemberData(nameof(StoreKind.All), MemberType = typeof(StoreKind))]
    public async Task ApplyWithinQuota_RedeployBeforeAnyPass_EndsTheEarlierOperationSuperseded(string kind)
    {
        var time = new FakeTimeProvider();
        await using var store = StoreKind.Open(kind, time);
        var repository = new DeploymentRepository(store, time);
        var one = new QuotaUsage(1, 1, 256, 1, 0, 0);

        var first = await repository.ApplyWithinQuotaAsync(new DeploymentRef("acme", "a"), Scenario("a", 1), null, null, QuotaAccounting.Default, Admit(one), CancellationToken.None);
        var second = await repository.ApplyWithinQuotaAsync(new DeploymentRef("acme", "a"), Scenario("a2", 1), null, null, QuotaAccounting.Default, Admit(one), CancellationToken.None);

        var operations = new OperationRepository(store, time);
        var earlier = (await operations.GetAsync(first.Stored!.Spec.OperationId!, CancellationToken.None)).ShouldNotBeNull();
        earlier.State.ShouldBe(OperationState.FAILED);
        earlier.Error!.ShouldContain("superseded by generation 2");
        (await operations.GetAsync(second.Stored!.Spec.OperationId!, CancellationToken.None)).ShouldNotBeNull().State.ShouldBe(OperationState.STARTING);
    }

    [Theory]
    [MemberData(nameof(StoreKind.All), MemberType = typeof(StoreKind))]
    public async Task ApplyWithinQuota_QuotaLoweredBetweenReadAndCommit_DecidesAgainOnTheNewQuota(string kind)
    {
        var time = new FakeTimeProvider();
        await using var store = StoreKind.Open(kind, time);
        var repository = new DeploymentRepository(store, time);
        var quotas = new QuotaRepository(store);
        var calls = 0;

        var result = await repository.ApplyWithinQuotaAsync(new DeploymentRef("acme", "a"), Scenario("a", 2), null, null, QuotaAccounting.Default, (quota, others, current) =>
        {
            if (calls++ == 0)
            {
                quotas.SetAsync("acme", new TenantQuota(Vms: 1), CancellationToken.None).GetAwaiter().GetResult();
            }

            return Admit(new QuotaUsage(2, 2, 512, 1, 0, 0))(quota, others, current);
        }, CancellationToken.None);

        calls.ShouldBe(2);
        result.Stored.ShouldBeNull();
        result.Violations.ShouldHaveSingleItem().Limit.ShouldBe(1);
    }

    [Fact]
    public async Task ApplyWithinQuota_EightAdmissionsOnTwoSqliteInstances_NeverOvershoot()
    {
        var time = new FakeTimeProvider();
        var path = StoreKind.TempFile();
        await using var first = StoreKind.Open("sqlite", time, path);
        await using var second = StoreKind.Open("sqlite", time, path);
        await new QuotaRepository(first).SetAsync("acme", new TenantQuota(Vms: 6), CancellationToken.None);
        var repositories = new[] { new DeploymentRepository(first, time), new DeploymentRepository(second, time) };
        var two = new QuotaUsage(2, 2, 512, 1, 0, 0);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            repositories[i % 2].ApplyWithinQuotaAsync(new DeploymentRef("acme", $"d{i}"), Scenario($"d{i}", 2), null, null, QuotaAccounting.Default, Admit(two), CancellationToken.None))));

        results.Count(r => r.Stored is not null).ShouldBe(3);
        (await repositories[0].UsageAsync("acme", QuotaAccounting.Default, CancellationToken.None)).Vms.ShouldBe(6);
    }
}

using System.Net.Http.Json;
using Nines.Testing.Etcd;

namespace Nines.Store.Tests.Etcd;

/// <summary>etcd past its space quota: NOSPACE is the typed <see cref="StoreFullException"/>; after the operator's fix writes work again.</summary>
public sealed class EtcdStoreFullTests
{
    [RequiresEtcdFact]
    public async Task Put_PastTheSpaceQuota_ThrowsStoreFullAndWritesResumeAfterCompactDefragAndDisarm()
    {
        await using var server = await EtcdServer.StartAsync(new EtcdServerOptions
        {
            HeartbeatInterval = EtcdTestServers.SingleMember.HeartbeatInterval,
            ElectionTimeout = EtcdTestServers.SingleMember.ElectionTimeout,
            DataRoot = EtcdTestServers.SingleMember.DataRoot,
            QuotaBackendBytes = 1L << 20,
        });
        await using var store = EtcdTestServers.Connect([server.ClientUrl]);
        var value = new byte[200_000];
        Random.Shared.NextBytes(value);

        StoreFullException? full = null;
        for (var i = 0; i < 40 && full is null; i++)
        {
            try
            {
                await store.PutAsync($"/big/{i}", value);
            }
            catch (StoreFullException e)
            {
                full = e;
            }
        }

        full.ShouldNotBeNull("etcd must refuse writes past its quota");
        full.Message.ShouldContain("database space exceeded");
        full.Location.ShouldBe(server.ClientUrl.ToString());
        await Should.ThrowAsync<StoreFullException>(() => store.TxnAsync(new Txn([], [TxnOp.Put("/small", "x"u8.ToArray())])));
        (await store.GetAsync("/small")).ShouldBeNull("nothing of a refused txn is stored");

        // The operator's fix: free keys, compact, defragment, disarm the alarm (etcd's documented recovery).
        var head = (await store.DeleteRangeAsync("/big/")).Revision;
        await store.CompactAsync(head);
        using var http = new HttpClient { BaseAddress = server.ClientUrl };
        (await http.PostAsJsonAsync("/v3/maintenance/defragment", new { })).EnsureSuccessStatusCode();
        await DisarmAllAsync(http);

        await store.PutAsync("/small", "x"u8.ToArray());
        (await store.GetAsync("/small")).ShouldNotBeNull();
    }

    private static async Task DisarmAllAsync(HttpClient http)
    {
        // The alarm names the member that raised it: list the alarms and deactivate each one as listed.
        var listed = await (await http.PostAsJsonAsync("/v3/maintenance/alarm", new { action = "GET" })).Content.ReadFromJsonAsync<AlarmList>();
        foreach (var alarm in listed?.Alarms ?? [])
        {
            (await http.PostAsJsonAsync("/v3/maintenance/alarm", new { action = "DEACTIVATE", memberID = alarm.MemberID, alarm = alarm.Alarm })).EnsureSuccessStatusCode();
        }
    }

    private sealed record AlarmList(List<AlarmMember>? Alarms);

    private sealed record AlarmMember(string MemberID, string Alarm);
}

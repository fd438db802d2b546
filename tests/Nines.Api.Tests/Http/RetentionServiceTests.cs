using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Api.Http;
using Nines.Contracts.Repositories;
using Nines.Controller.Repositories;
using Nines.Controller.Supervision;
using Nines.Store;
using Nines.Store.Memory;

namespace Nines.Api.Tests.Http;

public sealed class RetentionServiceTests
{
    [Fact]
    public async Task Execute_PrunerHitsAnUnexpectedError_LoopRestartsAndPrunesAgainInsteadOfStoppingTheHost()
    {
        // The pruner ended on any error it did not expect, and a BackgroundService that fails stops the whole web host.
        await using var memory = new MemoryStateStore();
        var store = BreakingStore.Create(memory, failures: 1);
        var time = TimeProvider.System;
        var pruner = new RetentionPruner(store, new EventLog(store, time), new OperationRepository(store, time), new RetentionOptions { Interval = TimeSpan.FromMilliseconds(20) }, time);
        var registry = new LoopRegistry();
        using var service = new RetentionService(pruner, time, NullLoggerFactory.Instance, registry);

        await service.StartAsync(CancellationToken.None);
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (!(registry.Find(RetentionService.LoopName) is { Restarts: >= 1, IsDown: false } && BreakingStore.Ranges(store) > 2))
            {
                await Task.Delay(20, deadline.Token);
            }
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        service.ExecuteTask!.IsFaulted.ShouldBeFalse();
        registry.Find(RetentionService.LoopName)!.Restarts.ShouldBe(1);
    }

    /// <summary>A store whose range reads throw <see cref="InvalidOperationException"/> (a bug, not a store fault) the first few times.</summary>
    public class BreakingStore : DispatchProxy
    {
        private IStateStore _inner = null!;
        private int _failures;
        private int _ranges;

        public static IStateStore Create(IStateStore inner, int failures)
        {
            var proxy = Create<IStateStore, BreakingStore>();
            var self = (BreakingStore)(object)proxy;
            self._inner = inner;
            self._failures = failures;
            return proxy;
        }

        public static int Ranges(IStateStore store) => Volatile.Read(ref ((BreakingStore)(object)store)._ranges);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IStateStore.RangeAsync) && Interlocked.Increment(ref _ranges) > 0 && Interlocked.Decrement(ref _failures) >= 0)
            {
                throw new InvalidOperationException("a bug in a range read");
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is { } inner)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
                throw;
            }
        }
    }
}

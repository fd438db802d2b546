using System.Text;
using Nines.Contracts.Model;
using Nines.Scenarios;
using Nines.Scenarios.Native;

namespace Nines.Embedded;

/// <summary>Deploy and undeploy as one call that waits for the operation: what the CLI runs in embedded mode.</summary>
public sealed partial class EmbeddedHost
{
    /// <summary>Reads the scenario at <paramref name="path"/> (VNUML, native YAML or OVF) and deploys it; see <see cref="DeployTextAsync"/>.</summary>
    public async Task<DeploymentOutcome> DeployFileAsync(
        string path, EmbeddedDeployOptions? options, IProgress<Operation>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return await DeployTextAsync(text, path, options, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Parses <paramref name="text"/> (from <paramref name="file"/>, for diagnostics), stores it as the desired state
    /// of a deployment (named after the scenario unless <paramref name="options"/> says otherwise) and waits until the
    /// operation for that generation finishes, reporting every change of it to <paramref name="progress"/>. Applying
    /// the same scenario again is a no-op that returns the finished operation at once.
    /// </summary>
    /// <exception cref="ScenarioRejectedException">The scenario does not parse (every error in it).</exception>
    public async Task<DeploymentOutcome> DeployTextAsync(
        string text, string file, EmbeddedDeployOptions? options, IProgress<Operation>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new EmbeddedDeployOptions();
        var parsed = ScenarioReader.Read(text, file);
        if (!parsed.Succeeded)
        {
            throw new ScenarioRejectedException(file, [.. parsed.Errors]);
        }

        var scenario = parsed.Value!.Scenario;
        var deployment = DeploymentRef.Create(options.Tenant, options.Name ?? DeploymentName(scenario.Name));
        var stored = await Deployments.ApplyAsync(deployment, NativeScenarioWriter.Write(scenario), options.Algorithm, options.Restrictions, cancellationToken).ConfigureAwait(false);
        var operation = await WaitForOperationAsync(deployment, OperationKind.Deploy, stored.Spec.Generation, progress, cancellationToken).ConfigureAwait(false);
        return new DeploymentOutcome(deployment, operation, await Deployments.GetStatusAsync(deployment, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Asks for <paramref name="deployment"/> to be undeployed and waits until its VMs and networks are gone; null when
    /// there is no such deployment.
    /// </summary>
    public async Task<Operation?> UndeployAsync(DeploymentRef deployment, IProgress<Operation>? progress, CancellationToken cancellationToken)
    {
        var marked = await Deployments.MarkDeletedAsync(deployment, cancellationToken).ConfigureAwait(false);
        return marked is null
            ? null
            : await WaitForOperationAsync(deployment, OperationKind.Undeploy, marked.Spec.Generation, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A deployment name from a scenario name: lower case, every character outside <c>[a-z0-9_-]</c> replaced by
    /// <c>-</c>, at most 63 characters (VNUML's <c>tutorial-r1_xp</c> stays as it is).
    /// </summary>
    public static string DeploymentName(string scenarioName)
    {
        ArgumentNullException.ThrowIfNull(scenarioName);
        var name = new StringBuilder();
        foreach (var c in scenarioName.ToLowerInvariant())
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '-');
        }

        var text = name.ToString().TrimStart('-', '_');
        text = text.Length > 63 ? text[..63] : text;
        return text.Length == 0 ? "scenario" : text;
    }

    /// <summary>
    /// Polls for the operation the controller creates for <paramref name="generation"/> (found by kind and generation,
    /// so an undeploy that already deleted the status is still found) until it finishes.
    /// </summary>
    private async Task<Operation> WaitForOperationAsync(
        DeploymentRef deployment, OperationKind kind, long generation, IProgress<Operation>? progress, CancellationToken cancellationToken)
    {
        Operation? last = null;
        while (true)
        {
            if (Completion.IsCompleted)
            {
                await Completion.ConfigureAwait(false);
                throw new InvalidOperationException("the embedded controller has stopped");
            }

            var operation = (await Operations.ListAsync(deployment.Tenant, cancellationToken).ConfigureAwait(false))
                .LastOrDefault(o => o.Deployment == deployment.Name && o.Kind == kind && o.Generation == generation);
            if (operation is not null && (last is null || operation.UpdatedAt != last.UpdatedAt || operation.State != last.State))
            {
                progress?.Report(operation);
                last = operation;
            }

            if (operation is { IsFinished: true })
            {
                return operation;
            }

            await Task.Delay(_options.OperationPollInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}

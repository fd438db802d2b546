using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Validation;

/// <summary>Redundancy groups: members are VMs, each in one group at most, in numbers the model fits.</summary>
internal static partial class ScenarioValidator
{
    private static void CheckRedundancyGroups(Context context)
    {
        var scenario = context.Scenario;
        CheckUnique(context, scenario.RedundancyGroups, g => g.Name, ("redundancy group", "redundancy_group"), ScenarioValidationCodes.DuplicateGroup);
        var groupOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in scenario.RedundancyGroups)
        {
            var field = $"redundancy_group[{group.Name}]";
            var owner = $"redundancy group \"{group.Name}\"";
            var inThisGroup = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in group.Members)
            {
                if (!inThisGroup.Add(member))
                {
                    context.Error(ScenarioValidationCodes.RepeatedGroupMember, group, field, $"{owner}: vm \"{member}\" is listed more than once");
                    continue;
                }

                if (scenario.FindVm(member) is null)
                {
                    context.Error(
                        ScenarioValidationCodes.UnknownGroupMember,
                        group,
                        field,
                        $"{owner}: member \"{member}\" is not a VM of the scenario{Context.Known("VMs", scenario.Vms.Select(v => v.Name))}");
                }
                else if (!groupOf.TryAdd(member, group.Name) && groupOf[member] != group.Name)
                {
                    context.Error(
                        ScenarioValidationCodes.RepeatedGroupMember,
                        group,
                        field,
                        $"{owner}: vm \"{member}\" is already a member of group \"{groupOf[member]}\" (a VM belongs to one group at most)");
                }
            }

            if (ModelProblem(group, inThisGroup.Count) is { } problem)
            {
                context.Error(ScenarioValidationCodes.InconsistentGroupModel, group, field, $"{owner}: {problem}");
            }
        }
    }

    /// <summary>Why <paramref name="memberCount"/> distinct members do not fit the group's model, or null when they do.</summary>
    private static string? ModelProblem(RedundancyGroupSpec group, int memberCount)
    {
        if (memberCount == 0)
        {
            return "has no members";
        }

        if (group.Model != RedundancyModel.NPlusM && (group.Actives is not null || group.Standbys is not null))
        {
            return $"actives and standbys apply to the N+M model only (this group is {ModelName(group.Model)})";
        }

        return group.Model switch
        {
            RedundancyModel.TwoN when memberCount != 2 => $"model 2N needs exactly 2 members (one active, one standby), it has {memberCount}",
            RedundancyModel.NPlusM when group.Actives is < 1 => $"model N+M needs at least 1 active, actives is {group.Actives}",
            RedundancyModel.NPlusM when group.Standbys is < 0 => $"standbys cannot be negative, it is {group.Standbys}",
            RedundancyModel.NPlusM when group.Actives is { } n && group.Standbys is { } m && (long)n + m != memberCount =>
                $"model N+M with {n} actives and {m} standbys needs {(long)n + m} members, it has {memberCount}",
            RedundancyModel.NPlusM when (group.Actives ?? group.Standbys) is { } given && given >= memberCount =>
                $"model N+M with {given} {(group.Actives is null ? "standbys" : "actives")} needs more than {given} members, it has {memberCount}",
            _ => null,
        };
    }

    private static string ModelName(RedundancyModel model) => model switch
    {
        RedundancyModel.TwoN => "2N",
        RedundancyModel.NPlusM => "N+M",
        RedundancyModel.NWayActive => "N-way active",
        _ => "none",
    };
}

using System.Text;

namespace Nines.Upgrades.Campaigns;

/// <summary>How states, steps and actions are written for people and in events: kebab-case (<c>rolling-back</c>, <c>check-redundancy</c>).</summary>
public static class CampaignNames
{
    /// <summary>The kebab-case name of <paramref name="value"/>.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}

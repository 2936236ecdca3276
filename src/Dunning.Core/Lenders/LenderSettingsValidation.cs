namespace Dunning.Core.Lenders;

/// <summary>A settings document checked: the settings it makes when accepted, or every reason it was refused.</summary>
public sealed record LenderSettingsValidation(LenderSettings? Settings, IReadOnlyList<SettingsProblem> Problems)
{
    public bool Accepted => Settings is not null && Problems.Count == 0;

    public static LenderSettingsValidation Refused(IReadOnlyList<SettingsProblem> problems) => new(null, problems);
}

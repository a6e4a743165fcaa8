using System.Diagnostics.CodeAnalysis;

namespace TaskMaster.Core.Queue;

/// <summary>The <c>env</c> value: comma-separated <c>KEY=value</c>, KEY matching <c>[A-Za-z_][A-Za-z0-9_]*</c>.</summary>
internal static class EnvironmentFormat
{
    public const string Expected = "comma-separated `KEY=value` pairs, KEY made of letters, digits and `_`, not starting with a digit";

    public static bool TryParse(string text, [NotNullWhen(true)] out IReadOnlyList<KeyValuePair<string, string>>? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        var variables = new List<KeyValuePair<string, string>>();
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var (name, content) = KeyValueText.Split(pair);
            if (content is null || !IsVariableName(name))
            {
                error = $"{Excerpt.Of(pair)} is not a variable; expected {Expected}";
                return false;
            }
            if (variables.Exists(v => v.Key == name))
            {
                error = $"`{name}` is set twice";
                return false;
            }
            variables.Add(new(name, content));
        }
        value = variables;
        error = null;
        return true;
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

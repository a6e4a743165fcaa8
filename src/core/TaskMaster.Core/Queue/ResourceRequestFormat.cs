using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TaskMaster.Core.Queue;

/// <summary>The <c>resources</c> value: <c>cpu=&lt;cores&gt;, memory=&lt;size&gt;</c>, either part optional.</summary>
internal static class ResourceRequestFormat
{
    public const string Expected = "`cpu=<cores>, memory=<size>` (either may be left out), e.g. `cpu=0.5, memory=256Mi`";

    public static bool TryParse(string text, [NotNullWhen(true)] out ResourceRequest? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        double? cpu = null;
        long? memory = null;
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var (name, amount) = KeyValueText.Split(pair);
            switch (name)
            {
                case "cpu" when cpu is not null:
                case "memory" when memory is not null:
                    error = $"`{name}` is given twice";
                    return false;
                case "cpu":
                    if (!double.TryParse(amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cores) || cores <= 0)
                    {
                        error = $"cpu {Excerpt.Of(amount ?? "")} is not a number of cores greater than 0 (e.g. `1`, `0.5`)";
                        return false;
                    }
                    cpu = cores;
                    break;
                case "memory":
                    if (!SizeFormat.TryParse(amount, out var bytes) || bytes <= 0)
                    {
                        error = $"memory {Excerpt.Of(amount ?? "")} is not {SizeFormat.Expected}, greater than 0";
                        return false;
                    }
                    memory = bytes;
                    break;
                default:
                    error = $"{Excerpt.Of(pair)} is not a resource; expected {Expected}";
                    return false;
            }
        }
        value = new ResourceRequest(cpu ?? ResourceRequest.Default.Cpu, memory ?? ResourceRequest.Default.MemoryBytes);
        error = null;
        return true;
    }
}

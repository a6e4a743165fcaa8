using System.Globalization;

namespace TaskMaster.Core.Queue;

/// <summary>Knows every field key: where it may stand, how its value is written, and where the parsed value goes.</summary>
internal static class TaskFieldParser
{
    /// <summary>
    /// A key, why it is refused at a level (null when allowed there), and <c>Apply</c>, which
    /// stores the value or returns what is wrong with it.
    /// </summary>
    private sealed record Field(string Key, string? NotAtQueue, string? NotAtTask, Func<FieldEntry, TaskFields, string?> Apply);

    private static readonly Field[] Fields =
    [
        new("run", "each task sets its own command", null, SetRun),
        new("depends", "each task lists its own dependencies", null, SetDepends),
        new("retries", null, null, (e, f) =>
        {
            if (!TryCount(e.Value, out var count)) return NotA(e, "whole number of attempts, 0 or more");
            f.Retries = count;
            return null;
        }),
        new("retry-backoff", null, null, (e, f) => SetDuration(e, v => f.RetryBackoff = v, mayBeZero: true)),
        new("retry-on", null, null, (e, f) =>
        {
            if (!RetryOnFormat.TryParse(e.Value, out var retryOn, out var error)) return error;
            f.RetryOn = retryOn;
            return null;
        }),
        new("timeout", null, null, (e, f) => SetDuration(e, v => f.Timeout = v, mayBeZero: false)),
        new("estimate", null, null, (e, f) => SetDuration(e, v => f.Estimate = v, mayBeZero: true)),
        new("resources", null, null, (e, f) =>
        {
            if (!ResourceRequestFormat.TryParse(e.Value, out var resources, out var error)) return error;
            f.Resources = resources;
            return null;
        }),
        new("env", null, null, (e, f) =>
        {
            if (!EnvironmentFormat.TryParse(e.Value, out var variables, out var error)) return error;
            f.Environment = variables;
            return null;
        }),
        new("workdir", null, null, (e, f) =>
        {
            f.WorkingDirectory = e.Value;
            return null;
        }),
        new("success", null, null, (e, f) =>
        {
            if (!SuccessCriteriaFormat.TryParse(e.Value, out var success, out var error)) return error;
            f.Success = success;
            return null;
        }),
        new("checkpoint", null, null, (e, f) => SetWord(e, ["after"], _ => f.CheckpointAfter = true)),
        new("critical", null, null, (e, f) => SetWord(e, ["true", "false"], word => f.Critical = word == "true")),
        new("status", "mark each finished task `status: done` itself", null,
            (e, f) => SetWord(e, ["done", "pending"], word => f.AlreadyDone = word == "done")),
        new("concurrency", null, "put it in the bullets under the `#` heading", (e, f) =>
        {
            if (!TryCount(e.Value, out var count) || count == 0) return NotA(e, "whole number of tasks greater than 0");
            f.Concurrency = count;
            return null;
        }),
    ];

    private static readonly Dictionary<string, Field> FieldsByKey = Fields.ToDictionary(f => f.Key, StringComparer.Ordinal);

    /// <summary>Every key, in the order the format documents them.</summary>
    public static IReadOnlyList<string> Keys { get; } = Fields.Select(f => f.Key).ToArray();

    /// <summary>Stores the field's value in <paramref name="target"/>, or returns what is wrong with it.</summary>
    public static string? Apply(FieldEntry entry, TaskFields target, FieldLevel level)
    {
        if (!FieldsByKey.TryGetValue(entry.Key, out var field)) return UnknownKey(entry.Key);
        if (level == FieldLevel.QueueDefault && field.NotAtQueue is { } queueHint)
            return $"`{entry.Key}` cannot be a queue default: {queueHint}";
        if (level == FieldLevel.Task && field.NotAtTask is { } taskHint)
            return $"`{entry.Key}` is a queue setting, not a task field: {taskHint}";
        if (!target.TryClaim(entry.Key, entry.Line, out var firstLine))
            return $"`{entry.Key}` is set twice (lines {firstLine} and {entry.Line}); keep one";
        if (entry.Value.Length == 0) return $"`{entry.Key}` has no value";
        return field.Apply(entry, target) is { } error ? $"`{entry.Key}`: {error}" : null;
    }

    private static string UnknownKey(string key)
    {
        var known = string.Join(", ", Keys);
        // A suggestion only helps when it is close: "did you mean `run`?" for `colour` would not.
        return EditDistance.Nearest(key, Keys) is { } nearest && nearest.Distance <= Math.Max(2, key.Length / 3)
            ? $"unknown key `{key}`; did you mean `{nearest.Candidate}`? known keys: {known}"
            : $"unknown key `{key}`; known keys: {known}";
    }

    private static string? SetRun(FieldEntry entry, TaskFields target)
    {
        var command = entry.CodeSpan ?? entry.Value;
        if (string.IsNullOrWhiteSpace(command)) return "the command is empty";
        target.Run = new TaskCommand(command, TaskCommand.DefaultShell, entry.Line, IsScript: false);
        return null;
    }

    private static string? SetDepends(FieldEntry entry, TaskFields target)
    {
        if (entry.Value == "none")
        {
            target.DependsOn = [];
            return null;
        }
        var ids = entry.Value.Split(',', StringSplitOptions.TrimEntries);
        if (Array.Find(ids, id => !TaskId.IsValid(id)) is { } invalid)
        {
            var what = invalid.Length == 0 ? "an entry is empty" : $"{Excerpt.Of(invalid)} is not a task id ({TaskId.Expected})";
            return $"{what}; expected comma-separated task ids, or `none`";
        }
        target.DependsOn = ids.Distinct(StringComparer.Ordinal).ToArray();
        return null;
    }

    private static string? SetDuration(FieldEntry entry, Action<TimeSpan> store, bool mayBeZero)
    {
        if (!DurationFormat.TryParse(entry.Value, out var duration) || (!mayBeZero && duration == TimeSpan.Zero))
            return $"{Excerpt.Of(entry.Value)} is not {DurationFormat.Expected}{(mayBeZero ? ", or `0`" : ", greater than 0")}";
        store(duration);
        return null;
    }

    private static string? SetWord(FieldEntry entry, string[] words, Action<string> store)
    {
        if (Array.IndexOf(words, entry.Value) < 0)
            return $"{Excerpt.Of(entry.Value)} is not one of {string.Join(", ", words.Select(w => $"`{w}`"))}";
        store(entry.Value);
        return null;
    }

    private static bool TryCount(string text, out int count) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count);

    private static string NotA(FieldEntry entry, string expected) => $"{Excerpt.Of(entry.Value)} is not a {expected}";
}

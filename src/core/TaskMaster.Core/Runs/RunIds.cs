using System.Buffers;

namespace TaskMaster.Core.Runs;

/// <summary>
/// What a run id may be in the cluster, where it becomes part of Redis keys (inside a <c>{…}</c>
/// hash tag) and object names: letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, at most 128.
/// The scheduler's run ids (<c>run-20261124-103000-ab12</c>) always are.
/// </summary>
public static class RunIds
{
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    public static bool IsValid(string? runId) =>
        !string.IsNullOrEmpty(runId) && runId.Length <= MaxLength && !runId.AsSpan().ContainsAnyExcept(Allowed) && runId[0] != '.';

    /// <summary>The run id itself, or an <see cref="ArgumentException"/> naming it.</summary>
    public static string Checked(string runId) =>
        IsValid(runId) ? runId : throw new ArgumentException($"not a run id: '{runId}' (letters, digits, '.', '_' and '-', at most {MaxLength})", nameof(runId));
}
